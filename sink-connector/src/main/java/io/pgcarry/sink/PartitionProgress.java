package io.pgcarry.sink;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.stream.AppliedPosition;
import io.pgcarry.sink.event.Change;
import io.pgcarry.sink.event.ChangeEvent;
import io.pgcarry.sink.event.FullLoadRecord;

/**
 * How one partition's applied position advances over the records of a batch: the next offset, the
 * last source LSN and commit time, the stream position of the last change (through {@link
 * ReplayFilter}, which also drops replays) and the full load (through {@link FullLoadTracker}). Its
 * {@link #position()} is what the batch's transaction stores. Not thread-safe: one per partition
 * and batch.
 */
final class PartitionProgress {

  private final String topic;
  private final int partition;
  private long nextOffset;
  private Lsn sourceLsn;
  private Long sourceCommitMillis;
  private final ReplayFilter replays;
  private final FullLoadTracker fullLoad;
  private boolean advanced;

  PartitionProgress(AppliedPosition stored) {
    this.topic = stored.topic();
    this.partition = stored.partition();
    this.nextOffset = stored.nextOffset();
    this.sourceLsn = stored.sourceLsn();
    this.sourceCommitMillis = stored.sourceCommitMillis();
    this.replays = new ReplayFilter(stored.change());
    this.fullLoad = new FullLoadTracker(stored.snapshot());
  }

  /**
   * Takes the partition's next record in.
   *
   * @return the change to apply, or null when the record asks nothing (no change, or a replay)
   */
  Change accept(ConsumedRecord record) {
    nextOffset = record.offset() + 1;
    advanced = true;
    if (record.change() instanceof FullLoadRecord load) {
      if (load.change() != null) {
        // Rows of a table that joined the stream travel in it: a resend is a replay.
        return replays.admits(load.change()) ? fullLoad.accept(load) : null;
      }
      FullLoadRecord accepted = fullLoad.accept(load);
      if (accepted.startsSnapshot()) {
        replays.restart();
      }
      return accepted;
    }
    if (!(record.change() instanceof ChangeEvent event)) {
      return null;
    }
    if (event.snapshotStart()) {
      replays.restart();
    }
    if (!replays.admits(event.source().change())) {
      return null;
    }
    if (event.source().lsn() != null) {
      sourceLsn = event.source().lsn();
      sourceCommitMillis = event.source().commitTimeMillis();
    }
    return event;
  }

  /** Whether any record was taken in, so that the position moved. */
  boolean advanced() {
    return advanced;
  }

  /** Changes dropped as replays. */
  long replaysSkipped() {
    return replays.skipped();
  }

  AppliedPosition position() {
    return new AppliedPosition(
        topic,
        partition,
        nextOffset,
        sourceLsn,
        sourceCommitMillis,
        replays.last(),
        fullLoad.progress());
  }
}
