package io.pgcarry.source.snapshot;

import io.pgcarry.common.sql.Identifier;
import java.util.stream.Collectors;

/**
 * One part of a table that one worker reads with one COPY: the rows whose ctid lies in a range of
 * heap blocks, or the whole table.
 *
 * @param table the table
 * @param number this chunk's number, from 1
 * @param count the table's number of chunks
 * @param fromBlock the first block, or -1 for the whole table
 * @param toBlock the block after the last, or -1 for no upper bound
 */
public record Chunk(SnapshotTable table, int number, int count, long fromBlock, long toBlock) {

  /**
   * The COPY statement reading this chunk. A ctid range is a TID range scan since PostgreSQL 14
   * (https://www.postgresql.org/docs/current/functions-comparison.html); {@code ONLY} leaves the
   * rows of inheritance children to their own tables.
   */
  public String copySql() {
    String columns =
        table.columns().stream().map(Identifier::quote).collect(Collectors.joining(", "));
    if (fromBlock < 0) {
      return "COPY " + table.id().quoted() + " (" + columns + ") TO STDOUT";
    }
    StringBuilder sql = new StringBuilder("COPY (SELECT ").append(columns);
    sql.append(" FROM ONLY ").append(table.id().quoted());
    sql.append(" WHERE ctid >= '(").append(fromBlock).append(",0)'::tid");
    if (toBlock >= 0) {
      sql.append(" AND ctid < '(").append(toBlock).append(",0)'::tid");
    }
    return sql.append(") TO STDOUT").toString();
  }

  /** For logs and errors: {@code "s"."t" chunk 3 of 8}. */
  public String describe() {
    return table.id().quoted() + " chunk " + number + " of " + count;
  }
}
