package io.pgcarry.source.snapshot;

import io.pgcarry.common.sql.Identifier;
import java.util.stream.Collectors;

/**
 * One part of a table that one worker reads with one COPY: the rows whose ctid lies in a range of
 * heap blocks, the rows whose integer primary key lies in a range of values, or the whole table.
 *
 * @param table the table
 * @param number this chunk's number, from 1
 * @param count the table's number of chunks
 * @param byKey whether {@code from} and {@code to} are values of the table's key ({@link
 *     SnapshotTable#keys()}) rather than heap blocks
 * @param from the first block or key value; for blocks, -1 for the whole table; for keys, unused by
 *     the first chunk, which reads every smaller key too
 * @param to the block or key value after the last; for blocks, -1 for no upper bound; for keys,
 *     unused by the last chunk, which reads every larger key too
 */
public record Chunk(SnapshotTable table, int number, int count, boolean byKey, long from, long to) {

  /** A chunk of heap blocks, or the whole table with {@code from} -1. */
  public Chunk(SnapshotTable table, int number, int count, long fromBlock, long toBlock) {
    this(table, number, count, false, fromBlock, toBlock);
  }

  /**
   * The COPY statement reading this chunk. A ctid range is a TID range scan since PostgreSQL 14
   * (https://www.postgresql.org/docs/current/functions-comparison.html), a key range an index range
   * scan; {@code ONLY} leaves the rows of inheritance children to their own tables. The first and
   * last key chunks are open at their outer end, so that no row escapes the ranges.
   */
  public String copySql() {
    String columns =
        table.columns().stream().map(Identifier::quote).collect(Collectors.joining(", "));
    if (!byKey && from < 0) {
      return "COPY " + table.id().quoted() + " (" + columns + ") TO STDOUT";
    }
    StringBuilder sql = new StringBuilder("COPY (SELECT ").append(columns);
    sql.append(" FROM ONLY ").append(table.id().quoted()).append(" WHERE ");
    if (byKey) {
      String key = Identifier.quote(table.keys().orElseThrow().column());
      if (number > 1) {
        sql.append(key).append(" >= ").append(from);
      }
      if (number > 1 && number < count) {
        sql.append(" AND ");
      }
      if (number < count) {
        sql.append(key).append(" < ").append(to);
      }
    } else {
      sql.append("ctid >= '(").append(from).append(",0)'::tid");
      if (to >= 0) {
        sql.append(" AND ctid < '(").append(to).append(",0)'::tid");
      }
    }
    return sql.append(") TO STDOUT").toString();
  }

  /** For logs and errors: {@code "s"."t" chunk 3 of 8}. */
  public String describe() {
    return table.id().quoted() + " chunk " + number + " of " + count;
  }
}
