package io.pgcarry.sink.catalog;

import io.pgcarry.common.TableId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table on the target as the sink needs it: its columns and the columns that identify a row.
 * Immutable.
 *
 * @param id the table
 * @param columns the columns in order
 * @param primaryKey primary key columns, empty when none
 * @param identityIndex columns of the REPLICA IDENTITY USING INDEX index, empty when none
 */
public record TargetTable(
    TableId id, List<TargetColumn> columns, List<String> primaryKey, List<String> identityIndex) {

  public TargetTable {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    identityIndex = List.copyOf(identityIndex);
  }

  /** The column of a name, or null. */
  public TargetColumn column(String name) {
    return byName().get(name);
  }

  /** The key the target itself knows: the primary key, else the replica identity index. */
  public List<String> catalogKey() {
    return primaryKey.isEmpty() ? identityIndex : primaryKey;
  }

  public boolean hasIdentityAlways() {
    return columns.stream().anyMatch(TargetColumn::identityAlways);
  }

  private Map<String, TargetColumn> byName() {
    Map<String, TargetColumn> map = new LinkedHashMap<>();
    columns.forEach(c -> map.put(c.name(), c));
    return map;
  }
}
