package io.pgcarry.migrate.state;

import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.probes.Lag;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a migration has finished, persisted in its work directory so a restarted {@code migrate}
 * resumes where it stopped. Immutable.
 *
 * @param step the last step reached
 * @param stepStarted when each step first started
 * @param stepFinished when each step last finished
 * @param snapshotMarks end offsets of the change topics when the snapshot completed; the full load
 *     is applied when the sink reaches them
 * @param sourceRows rows of each migrated table on the source, counted once when the full load
 *     first started, by quoted table name; for progress reports
 */
public record MigrationState(
    Step step,
    Map<Step, Instant> stepStarted,
    Map<Step, Instant> stepFinished,
    List<Lag.PartitionLag> snapshotMarks,
    Map<String, Long> sourceRows) {

  public MigrationState {
    stepStarted = Map.copyOf(stepStarted);
    stepFinished = Map.copyOf(stepFinished);
    snapshotMarks = List.copyOf(snapshotMarks);
    // A state written before the counts were kept has none.
    sourceRows =
        sourceRows == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(sourceRows));
  }

  public static MigrationState initial() {
    return new MigrationState(Step.NEW, Map.of(), Map.of(), List.of(), Map.of());
  }

  /** The state after starting {@code next}; a step started before keeps its first start. */
  public MigrationState begin(Step next) {
    Map<Step, Instant> started = new LinkedHashMap<>(stepStarted);
    started.putIfAbsent(next, Instant.now());
    return new MigrationState(next, started, stepFinished, snapshotMarks, sourceRows);
  }

  /** The state after finishing the current step. */
  public MigrationState finish() {
    Map<Step, Instant> finished = new LinkedHashMap<>(stepFinished);
    finished.put(step, Instant.now());
    return new MigrationState(step, stepStarted, finished, snapshotMarks, sourceRows);
  }

  public boolean finished(Step s) {
    return stepFinished.containsKey(s);
  }

  public MigrationState withSnapshotMarks(List<Lag.PartitionLag> marks) {
    return new MigrationState(step, stepStarted, stepFinished, marks, sourceRows);
  }

  public MigrationState withSourceRows(Map<String, Long> rows) {
    return new MigrationState(step, stepStarted, stepFinished, snapshotMarks, rows);
  }
}
