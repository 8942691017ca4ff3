package io.pgcarry.migrate.verify;

import io.pgcarry.common.TableId;
import java.util.List;
import java.util.Objects;

/**
 * A source table as the online verification cuts it. Immutable.
 *
 * @param table the source table
 * @param columns the columns compared: those the mapping carries, source names, in their order
 * @param key its primary key when that is one integer column, or null: the table is then one chunk
 * @param estimatedRows the planner's estimate of its rows, or -1 when it has none
 * @param minKey the smallest key, or null (no key, or an empty table)
 * @param maxKey the largest key, or null (no key, or an empty table)
 */
public record TableToVerify(
    TableId table, List<String> columns, String key, long estimatedRows, Long minKey, Long maxKey) {

  public TableToVerify {
    Objects.requireNonNull(table, "table");
    columns = List.copyOf(columns);
    if ((minKey == null) != (maxKey == null) || (minKey != null && minKey > maxKey)) {
      throw new IllegalArgumentException("key bounds " + minKey + ".." + maxKey + " of " + table);
    }
  }
}
