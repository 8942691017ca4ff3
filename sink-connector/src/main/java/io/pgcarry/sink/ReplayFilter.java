package io.pgcarry.sink;

import io.pgcarry.common.stream.ChangePosition;

/**
 * Tells streamed changes the source connector sends a second time from new ones, for one partition.
 * After a crash the source connector resends whole transactions from an earlier transaction
 * boundary, at new Kafka offsets, so the sink's Kafka position cannot catch them; but each carries
 * the same stream position ({@link ChangePosition}) as the first time, and a change is a replay
 * exactly when {@link ChangePosition#isReplayOf} the last change applied from its partition.
 *
 * <p>Changes without a position (snapshot reads, producers that do not write the headers) are
 * always admitted and leave the last position as it is. A new snapshot of the partition's table
 * starts a new change stream, from a new replication slot, whose positions bear no relation to the
 * old one's: {@link #restart} forgets the last position. Not thread-safe: one per partition and
 * batch.
 */
final class ReplayFilter {

  private ChangePosition last;
  private long skipped;

  /**
   * @param lastApplied the position of the last change applied from the partition, or null
   */
  ReplayFilter(ChangePosition lastApplied) {
    this.last = lastApplied;
  }

  /** Whether a change must be applied; if so, it becomes the last change applied. */
  boolean admits(ChangePosition change) {
    if (change == null) {
      return true;
    }
    if (last != null && change.isReplayOf(last)) {
      skipped++;
      return false;
    }
    last = change;
    return true;
  }

  /** A new change stream starts: nothing of it is applied yet. */
  void restart() {
    last = null;
  }

  /** The position of the last change admitted, or the one given at the start; null when none. */
  ChangePosition last() {
    return last;
  }

  /** Changes refused as replays. */
  long skipped() {
    return skipped;
  }
}
