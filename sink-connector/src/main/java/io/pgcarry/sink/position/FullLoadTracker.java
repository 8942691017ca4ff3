package io.pgcarry.sink.position;

import io.pgcarry.common.stream.SnapshotProgress;
import io.pgcarry.sink.apply.PlanningException;
import io.pgcarry.sink.event.FullLoadRecord;

/**
 * Follows the full load of one partition's table: which snapshot the target table holds rows of and
 * how many. A record of a snapshot the table does not hold yet (none stored, or another one: the
 * full load was started over from a new slot) starts the snapshot, and the table is emptied before
 * its rows go in. At the snapshot's end the rows loaded must equal the source's total. Not
 * thread-safe: one per partition and batch.
 */
final class FullLoadTracker {

  private SnapshotProgress progress;

  /**
   * @param stored the progress stored with the partition's position, or null
   */
  FullLoadTracker(SnapshotProgress stored) {
    this.progress = stored;
  }

  /**
   * Takes a record in.
   *
   * @return the record, marked {@link FullLoadRecord#startsSnapshot} when its snapshot is new
   * @throws PlanningException when rows arrive after their snapshot's end, or the end's total is
   *     not the number of rows loaded
   */
  FullLoadRecord accept(FullLoadRecord record) {
    boolean starts =
        progress == null
            || !progress.snapshot().equals(record.snapshot())
            || !progress.table().equals(record.table());
    if (starts) {
      progress = SnapshotProgress.start(record.snapshot(), record.table());
    }
    if (record.kind() == FullLoadRecord.Kind.COPY) {
      if (progress.complete()) {
        throw new PlanningException(
            "full-load rows of "
                + record.table().quoted()
                + " arrived after the end of their snapshot "
                + record.snapshot()
                + " ("
                + record.position()
                + "); the topic does not hold what the source connector writes");
      }
      progress = progress.plusRows(record.rows());
    } else {
      if (progress.rows() != record.rows()) {
        throw new PlanningException(
            "the full load of "
                + record.table().quoted()
                + " (snapshot "
                + record.snapshot()
                + ") ended with "
                + progress.rows()
                + " rows loaded on the target, but the source counted "
                + record.rows()
                + " ("
                + record.position()
                + "); records of the table are missing from its topic or were applied twice."
                + " Start the migration's full load again");
      }
      progress = progress.completed();
    }
    return starts ? record.startingSnapshot() : record;
  }

  /** The progress after the records taken in, or the stored one; null when none. */
  SnapshotProgress progress() {
    return progress;
  }
}
