package io.pgcarry.sink.event;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.common.stream.ChangePosition;
import java.util.List;
import java.util.Objects;

/**
 * A record of the full load as pgcarry's source connector writes it (header {@code pgcarry.kind}):
 * rows of one table in PostgreSQL's COPY text format, or the end of the table's snapshot with its
 * row total. Immutable apart from {@code data}, which nobody may change.
 *
 * @param kind rows or the end of the snapshot
 * @param table the source table ({@code pgcarry.schema}, {@code pgcarry.table})
 * @param snapshot the snapshot the rows belong to ({@code pgcarry.snapshot})
 * @param columns the columns of the rows, in order; empty for {@link Kind#SNAPSHOT_END}
 * @param rows rows in this record, or for {@link Kind#SNAPSHOT_END} rows of the whole table
 * @param chunk the chunk of the table the rows belong to, from 1; 0 for {@link Kind#SNAPSHOT_END}
 * @param chunks how many chunks the table was cut into; 0 for {@link Kind#SNAPSHOT_END}
 * @param data COPY text rows, UTF-8, each ending in a newline; empty for {@link Kind#SNAPSHOT_END}
 * @param position where the record is in Kafka
 * @param startsSnapshot true when the sink has not loaded rows of this snapshot into the table yet,
 *     so the table must be emptied first (decided by the sink, not read from the record)
 * @param change the stream position of rows that travel in the change stream (a table that joined
 *     the stream while it ran: its rows committed before), or null for the full load's
 */
public record FullLoadRecord(
    Kind kind,
    TableId table,
    Lsn snapshot,
    List<String> columns,
    long rows,
    long chunk,
    long chunks,
    byte[] data,
    RecordPosition position,
    boolean startsSnapshot,
    ChangePosition change)
    implements Change {

  /** The two kinds of full-load record. */
  public enum Kind {
    /** {@code pgcarry.kind = copy}: rows. */
    COPY,
    /** {@code pgcarry.kind = snapshot-end}: the table's snapshot is complete. */
    SNAPSHOT_END
  }

  public FullLoadRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(snapshot, "snapshot");
    columns = List.copyOf(columns);
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(position, "position");
  }

  /** The same record, marked as the first of its snapshot that the sink applies. */
  public FullLoadRecord startingSnapshot() {
    return new FullLoadRecord(
        kind, table, snapshot, columns, rows, chunk, chunks, data, position, true, change);
  }

  /** Never includes the data, so a record can appear in logs. */
  @Override
  public String toString() {
    return "FullLoadRecord["
        + kind
        + " "
        + table
        + " snapshot "
        + snapshot
        + ", "
        + rows
        + " rows, chunk "
        + chunk
        + "/"
        + chunks
        + ", "
        + position
        + "]";
  }
}
