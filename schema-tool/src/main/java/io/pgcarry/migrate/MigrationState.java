package io.pgcarry.migrate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a migration has finished, persisted in its work directory so a restarted {@code migrate}
 * resumes where it stopped.
 *
 * @param step the last step reached
 * @param stepStarted when each step started
 * @param stepFinished when each step finished
 * @param snapshotMarks end offsets of the change topics when the snapshot completed; the full load
 *     is applied when the sink reaches them
 */
public record MigrationState(
    Step step,
    Map<Step, Instant> stepStarted,
    Map<Step, Instant> stepFinished,
    List<Lag.PartitionLag> snapshotMarks) {

  public MigrationState {
    stepStarted = Map.copyOf(stepStarted);
    stepFinished = Map.copyOf(stepFinished);
    snapshotMarks = List.copyOf(snapshotMarks);
  }

  public static MigrationState initial() {
    return new MigrationState(Step.NEW, Map.of(), Map.of(), List.of());
  }

  /** The state after starting {@code next}. */
  public MigrationState begin(Step next) {
    Map<Step, Instant> started = new LinkedHashMap<>(stepStarted);
    started.putIfAbsent(next, Instant.now());
    return new MigrationState(next, started, stepFinished, snapshotMarks);
  }

  /** The state after finishing the current step. */
  public MigrationState finish() {
    Map<Step, Instant> finished = new LinkedHashMap<>(stepFinished);
    finished.put(step, Instant.now());
    return new MigrationState(step, stepStarted, finished, snapshotMarks);
  }

  public boolean finished(Step s) {
    return stepFinished.containsKey(s);
  }

  public MigrationState withSnapshotMarks(List<Lag.PartitionLag> marks) {
    return new MigrationState(step, stepStarted, stepFinished, marks);
  }
}
