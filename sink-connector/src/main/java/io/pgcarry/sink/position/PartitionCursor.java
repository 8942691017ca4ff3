package io.pgcarry.sink.position;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.stream.AppliedPosition;
import io.pgcarry.common.stream.ChangePosition;
import io.pgcarry.sink.event.Change;
import io.pgcarry.sink.event.ChangeEvent;
import io.pgcarry.sink.event.ChunkCheck;
import io.pgcarry.sink.event.FullLoadRecord;
import io.pgcarry.sink.event.SchemaChange;

/**
 * Where one partition of a change topic stands on the target, and the one place that decides
 * whether something read from it was applied before. Three things make that decision, and all three
 * are stored in the partition's row of the position table, in the transaction that moves them:
 *
 * <ul>
 *   <li>the next offset: a record below it was applied or skipped (Kafka redelivers after a
 *       rewind);
 *   <li>the stream position of the last change applied: the source connector resends whole
 *       transactions after a crash, at new offsets but with the same positions, and a change is a
 *       resend exactly when {@link ChangePosition#isReplayOf} that position;
 *   <li>the last captured DDL command applied where the partition holds a copy of it: a copy of a
 *       command at or before it is a resend.
 * </ul>
 *
 * <p>It also follows what the row holds besides: the last source LSN and commit time (for lag and
 * latency) and the table's full load ({@link FullLoadTracker}). Changes without a stream position
 * (snapshot reads, producers that do not write the headers) are always admitted and leave the last
 * position as it is. A new snapshot of the table starts a new change stream, from a new replication
 * slot, whose positions bear no relation to the old one's: the last position is forgotten then.
 *
 * <p>A batch moves a {@link #copy} and the task keeps the copy once the batch's transaction
 * committed, so a batch rolled back is decided again from the committed cursor. Not thread-safe:
 * the task thread's.
 */
public final class PartitionCursor {

  private final String topic;
  private final int partition;
  private long nextOffset;
  private Lsn sourceLsn;
  private Long sourceCommitMillis;
  private ChangePosition lastChange;
  private ChangePosition lastCommand;
  private final FullLoadTracker fullLoad;
  private long replaysSkipped;

  /** The cursor of a partition at its stored position. */
  public PartitionCursor(AppliedPosition stored) {
    this.topic = stored.topic();
    this.partition = stored.partition();
    this.nextOffset = stored.nextOffset();
    this.sourceLsn = stored.sourceLsn();
    this.sourceCommitMillis = stored.sourceCommitMillis();
    this.lastChange = stored.change();
    this.lastCommand = stored.command();
    this.fullLoad = new FullLoadTracker(stored.snapshot());
  }

  /** The cursor of a partition nothing was applied from yet. */
  public static PartitionCursor start(String topic, int partition) {
    return new PartitionCursor(AppliedPosition.start(topic, partition));
  }

  /** A copy for a batch to move, counting no replays yet. */
  public PartitionCursor copy() {
    return new PartitionCursor(position());
  }

  /** Whether the record at {@code offset} was applied or skipped before. */
  public boolean applied(long offset) {
    return offset < nextOffset;
  }

  /** Whether a copy of {@code command} here was applied before: it is a resend then. */
  public boolean applied(SchemaChange command) {
    return lastCommand != null && command.id().isReplayOf(lastCommand);
  }

  /**
   * Takes the partition's next record in, a change.
   *
   * @return the change to apply, or null when it is a replay
   * @throws io.pgcarry.sink.apply.PlanningException when full-load records do not add up ({@link
   *     FullLoadTracker#accept})
   */
  public Change take(long offset, Change change) {
    nextOffset = offset + 1;
    if (change instanceof FullLoadRecord load) {
      if (load.change() != null) {
        // Rows of a table that joined the stream travel in it: a resend is a replay.
        return admits(load.change()) ? fullLoad.accept(load) : null;
      }
      FullLoadRecord accepted = fullLoad.accept(load);
      if (accepted.startsSnapshot()) {
        lastChange = null;
      }
      return accepted;
    }
    ChangeEvent event = (ChangeEvent) change;
    if (event.snapshotStart()) {
      lastChange = null;
    }
    if (!admits(event.source().change())) {
      return null;
    }
    if (event.source().lsn() != null) {
      sourceLsn = event.source().lsn();
      sourceCommitMillis = event.source().commitTimeMillis();
    }
    return event;
  }

  /**
   * Takes the partition's next record in, a chunk marker of the online verification. Its
   * transaction holds nothing else, so its stream position orders it among the changes like one: a
   * marker the source connector sent again after a restart is at or before the last change applied,
   * and was compared before.
   *
   * @return whether the chunk is to be compared, false when the marker is a resend
   */
  public boolean take(long offset, ChunkCheck check) {
    nextOffset = offset + 1;
    return admits(check.position());
  }

  /** Takes the partition's next record in, one that asks nothing of the target. */
  public void pass(long offset) {
    nextOffset = offset + 1;
  }

  /** Takes the partition's copy of a DDL command in, which the batch's transaction applies. */
  public void pass(long offset, SchemaChange command) {
    nextOffset = offset + 1;
    lastCommand = command.id();
  }

  /** Whether a change must be applied; if so, it becomes the last change applied. */
  private boolean admits(ChangePosition change) {
    if (change == null) {
      return true;
    }
    if (lastChange != null && change.isReplayOf(lastChange)) {
      replaysSkipped++;
      return false;
    }
    lastChange = change;
    return true;
  }

  /** Changes taken in as replays since this cursor was made. */
  public long replaysSkipped() {
    return replaysSkipped;
  }

  /** The next offset to consume. */
  public long nextOffset() {
    return nextOffset;
  }

  /** What the partition's row holds at this cursor. */
  public AppliedPosition position() {
    return new AppliedPosition(
        topic,
        partition,
        nextOffset,
        sourceLsn,
        sourceCommitMillis,
        lastChange,
        lastCommand,
        fullLoad.progress());
  }
}
