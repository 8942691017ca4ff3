package io.pgcarry.migrate.probes;

import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.state.MigrationStatus;
import java.util.List;
import java.util.Optional;

/**
 * What the progress monitor measured at one moment.
 *
 * @param lag the change topics against what the sink applied
 * @param tables per-table full-load progress
 * @param slot the replication slot, empty while there is none
 * @param latency end-to-end latency over the last minute
 * @param heartbeatAgeSeconds seconds since the last heartbeat record, empty before the first
 */
public record Measurement(
    Lag lag,
    List<MigrationStatus.TableProgress> tables,
    Optional<SlotPosition> slot,
    Latency latency,
    Optional<Long> heartbeatAgeSeconds) {

  public Measurement {
    tables = List.copyOf(tables);
  }

  /** Nothing measured yet. */
  public static Measurement none() {
    return new Measurement(
        new Lag(List.of(), Optional.empty(), Optional.empty()),
        List.of(),
        Optional.empty(),
        null,
        Optional.empty());
  }

  /**
   * The cutover cue (and the fallback cue while the new server streams back): while streaming,
   * every record in the change topics is applied and the source connector has confirmed the slot to
   * within {@link MigrationStatus#NO_DELAY_BYTES}.
   */
  public boolean noDelay(Step step) {
    return (step == Step.STREAMING || step == Step.REVERSE_STREAMING)
        && lag.records() == 0
        && slot.map(s -> s.bytesBehind() <= MigrationStatus.NO_DELAY_BYTES).orElse(false);
  }
}
