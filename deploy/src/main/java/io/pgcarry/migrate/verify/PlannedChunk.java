package io.pgcarry.migrate.verify;

import io.pgcarry.common.stream.ChunkMarker;
import io.pgcarry.common.verify.KeyRange;
import io.pgcarry.common.verify.RowChecksum;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * One chunk an online verification run checks: a key range of a table. Immutable.
 *
 * @param run the run
 * @param number the chunk's number in the run, from 1
 * @param count how many chunks the run has
 * @param table the table
 * @param range the rows of the chunk
 */
record PlannedChunk(String run, int number, int count, TableToVerify table, KeyRange range) {

  PlannedChunk {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(range, "range");
  }

  /**
   * The chunk's marker with the count and checksum of its rows on the source, as the connection
   * sees them now (in the text forms the target's are compared in).
   */
  ChunkMarker measure(Connection source) throws SQLException {
    RowChecksum.setTextForm(source, true);
    return marker(RowChecksum.compute(source, table.table(), table.columns(), table.key(), range));
  }

  /** The chunk's marker with the count and checksum the source computed. */
  private ChunkMarker marker(RowChecksum.Result source) {
    return new ChunkMarker(
        run,
        number,
        count,
        table.table(),
        table.columns(),
        range.whole() ? null : table.key(),
        range,
        source,
        null);
  }

  /** For people: {@code public.t id in [2001, 3001)}, or {@code public.t (the whole table)}. */
  String describe() {
    return table.table()
        + (range.whole() ? " (the whole table)" : " " + range.describe(table.key()));
  }
}
