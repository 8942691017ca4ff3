package io.pgcarry.sink.event;

import io.pgcarry.common.TableId;
import io.pgcarry.common.stream.ChangePosition;
import io.pgcarry.common.stream.ChunkMarker;
import java.util.List;
import java.util.Objects;

/**
 * A chunk marker of the online verification as the sink acts on it: the marker as the source wrote
 * it, and the table, columns and key to compare on the target, under the target's names once {@link
 * TargetNaming} has put it there. Immutable.
 *
 * @param marker the marker, source names, with the source's count and checksum
 * @param table the table to compare
 * @param columns the columns to compare, in the source's order
 * @param key the key column of the marker's range, or null for the whole table
 * @param position the stream position of the marker's transaction: a copy at or before the last
 *     change applied is a resend
 * @param record where the marker was read, for messages
 * @param rows the chunk's rows on the source in COPY text, its columns in the order of {@code
 *     columns}, which replace the chunk on the target before it is compared, or, for an inspection,
 *     which it is compared with row by row; null for a marker that only compares
 * @param inspect whether the rows are compared with the target's row by row, to name the rows that
 *     differ, rather than replace them
 */
public record ChunkCheck(
    ChunkMarker marker,
    TableId table,
    List<String> columns,
    String key,
    ChangePosition position,
    RecordPosition record,
    byte[] rows,
    boolean inspect) {

  public ChunkCheck {
    Objects.requireNonNull(marker, "marker");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(position, "position");
    columns = List.copyOf(columns);
    if (inspect && rows == null) {
      throw new IllegalArgumentException("an inspection of a chunk without its rows");
    }
  }
}
