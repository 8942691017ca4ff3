package io.pgcarry.migrate.probes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How far the target is behind the change topics, measured at one moment.
 *
 * @param partitions per topic partition, the end offset and what the sink has applied
 * @param lastAppliedLsn the newest source LSN the sink applied, if any
 * @param lastAppliedCommit the source commit time of that change, if known
 */
public record Lag(
    List<PartitionLag> partitions,
    Optional<String> lastAppliedLsn,
    Optional<Instant> lastAppliedCommit) {

  /** Nothing measured yet. */
  public static final Lag NONE = new Lag(List.of(), Optional.empty(), Optional.empty());

  public Lag {
    partitions = List.copyOf(partitions);
  }

  /** One partition's end offset and the sink's next offset to apply. */
  public record PartitionLag(String topic, int partition, long endOffset, long appliedOffset) {
    public long records() {
      return Math.max(0, endOffset - appliedOffset);
    }
  }

  /**
   * The lags of several databases of a run as one: every partition (the topics of the databases
   * differ), and the change applied last, by source commit time.
   */
  public static Lag combine(List<Lag> lags) {
    List<PartitionLag> partitions = new ArrayList<>();
    Lag latest = null;
    for (Lag lag : lags) {
      partitions.addAll(lag.partitions());
      if (lag.lastAppliedCommit().isPresent()
          && (latest == null
              || lag.lastAppliedCommit().get().isAfter(latest.lastAppliedCommit().get()))) {
        latest = lag;
      }
    }
    return new Lag(
        partitions,
        latest == null ? Optional.empty() : latest.lastAppliedLsn(),
        latest == null ? Optional.empty() : latest.lastAppliedCommit());
  }

  /** Records written to the topics and not yet applied. */
  public long records() {
    return partitions.stream().mapToLong(PartitionLag::records).sum();
  }

  /** Records the sink has applied, over all partitions. */
  public long applied() {
    return partitions.stream().mapToLong(PartitionLag::appliedOffset).sum();
  }

  /** True when every partition is applied up to the offsets in {@code marks}. */
  public boolean reached(List<PartitionLag> marks) {
    for (PartitionLag mark : marks) {
      boolean done =
          partitions.stream()
              .anyMatch(
                  p ->
                      p.topic().equals(mark.topic())
                          && p.partition() == mark.partition()
                          && p.appliedOffset() >= mark.endOffset());
      if (!done && mark.endOffset() > 0) {
        return false;
      }
    }
    return true;
  }
}
