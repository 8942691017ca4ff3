package io.pgcarry.common.stream;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import java.util.Objects;

/**
 * How far the full load of one table has come on the target.
 *
 * @param snapshot the snapshot whose rows the table holds ({@code pgcarry.snapshot})
 * @param table the table
 * @param rows rows of that snapshot loaded so far
 * @param complete true once the snapshot's end arrived and its row total equalled {@code rows}
 */
public record SnapshotProgress(Lsn snapshot, TableId table, long rows, boolean complete) {

  public SnapshotProgress {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(table, "table");
  }

  /** A snapshot no row of which is loaded yet. */
  public static SnapshotProgress start(Lsn snapshot, TableId table) {
    return new SnapshotProgress(snapshot, table, 0, false);
  }

  public SnapshotProgress plusRows(long more) {
    return new SnapshotProgress(snapshot, table, rows + more, complete);
  }

  public SnapshotProgress completed() {
    return new SnapshotProgress(snapshot, table, rows, true);
  }
}
