package io.pgcarry.source.snapshot;

import io.pgcarry.common.sql.Identifier;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One part of a table that one worker reads with one COPY: the whole table, the rows whose ctid
 * lies in a range of heap blocks (by a TID range scan, or before PostgreSQL 14 by fetching every
 * tuple slot of those blocks), or the rows whose primary key's first column lies in a range of
 * values.
 *
 * @param table the table
 * @param number this chunk's number, from 1
 * @param count the table's number of chunks
 * @param range which of the table's rows
 */
public record Chunk(SnapshotTable table, int number, int count, Range range) {

  /**
   * PostgreSQL's {@code MaxHeapTuplesPerPage}, computed by the server from its block size: the
   * 24-byte page header and, per tuple, a 24-byte aligned header and a 4-byte line pointer.
   */
  private static final String MAX_TUPLES_PER_PAGE =
      "(current_setting('block_size')::int - 24) / 28";

  /** Which rows of its table a chunk reads. */
  public sealed interface Range {}

  /** Every row. */
  public record Whole() implements Range {}

  /**
   * The rows in heap blocks {@code from} (inclusive) to {@code to} (exclusive).
   *
   * @param to -1 for no upper bound
   */
  public record Blocks(long from, long to) implements Range {}

  /**
   * The rows in heap blocks {@code from} (inclusive) to {@code to} (exclusive), fetched by a TID
   * scan of every tuple slot those blocks can hold, for sources without TID range scans (before
   * PostgreSQL 14), where a ctid range condition would scan the whole table for each chunk. The
   * snapshot's rows cannot move while the load holds its lock on the table (only {@code VACUUM
   * FULL} and {@code CLUSTER} move rows, and they need a stronger lock) and the snapshot keeps them
   * from being pruned; rows written later are not visible to it, wherever they lie. So block ranges
   * that cover the table's size, read after the snapshot was taken, hold each of its rows once.
   */
  public record BlockSlots(long from, long to) implements Range {}

  /**
   * The rows whose key column lies from {@code lower} (inclusive) to {@code upper} (exclusive),
   * each a SQL literal of the column's type; the first chunk of a table has no lower bound and the
   * last no upper bound, so that no row escapes the ranges.
   */
  public record Keys(String column, Optional<String> lower, Optional<String> upper)
      implements Range {}

  /** The whole table as one chunk. */
  public static Chunk whole(SnapshotTable table) {
    return new Chunk(table, 1, 1, new Whole());
  }

  /**
   * The COPY statement reading this chunk. A ctid range is a TID range scan since PostgreSQL 14
   * (https://www.postgresql.org/docs/current/functions-comparison.html), a key range an index range
   * scan of the primary key, block slots a TID scan of an array of every slot's TID (the array is
   * built by the server, {@code MaxHeapTuplesPerPage} slots a block); {@code ONLY} leaves the rows
   * of inheritance children to their own tables.
   */
  public String copySql() {
    String columns =
        table.columns().stream().map(Identifier::quote).collect(Collectors.joining(", "));
    if (range instanceof Whole) {
      return "COPY " + table.id().quoted() + " (" + columns + ") TO STDOUT";
    }
    StringBuilder sql = new StringBuilder("COPY (SELECT ").append(columns);
    sql.append(" FROM ONLY ").append(table.id().quoted()).append(" WHERE ");
    if (range instanceof Keys keys) {
      String key = Identifier.quote(keys.column());
      keys.lower().ifPresent(lower -> sql.append(key).append(" >= ").append(lower));
      if (keys.lower().isPresent() && keys.upper().isPresent()) {
        sql.append(" AND ");
      }
      keys.upper().ifPresent(upper -> sql.append(key).append(" < ").append(upper));
    } else if (range instanceof Blocks blocks) {
      sql.append("ctid >= '(").append(blocks.from()).append(",0)'::tid");
      if (blocks.to() >= 0) {
        sql.append(" AND ctid < '(").append(blocks.to()).append(",0)'::tid");
      }
    } else if (range instanceof BlockSlots slots) {
      sql.append("ctid = ANY (ARRAY(SELECT format('(%s,%s)', b, s)::tid FROM generate_series(")
          .append(slots.from())
          .append(", ")
          .append(slots.to() - 1)
          .append(") b, generate_series(1, ")
          .append(MAX_TUPLES_PER_PAGE)
          .append(") s))");
    }
    return sql.append(") TO STDOUT").toString();
  }

  /** For logs and errors: {@code "s"."t" chunk 3 of 8}. */
  public String describe() {
    return table.id().quoted() + " chunk " + number + " of " + count;
  }
}
