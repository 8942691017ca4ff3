package io.pgcarry.common.mapping;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one source table appears on the target. Immutable.
 *
 * @param name the table's new name (its schema follows the schema mapping), or empty to keep it
 * @param columns column renames, source name to target name
 * @param includeColumns when not empty, only these source columns are carried
 * @param excludeColumns source columns that are not carried
 */
public record TableMapping(
    Optional<String> name,
    Map<String, String> columns,
    Set<String> includeColumns,
    Set<String> excludeColumns) {

  public TableMapping {
    columns = Map.copyOf(columns);
    includeColumns = Set.copyOf(includeColumns);
    excludeColumns = Set.copyOf(excludeColumns);
    if (!includeColumns.isEmpty() && !excludeColumns.isEmpty()) {
      throw new IllegalArgumentException("give include_columns or exclude_columns, not both");
    }
  }

  /** Whether the source column is carried to the target. */
  public boolean carries(String column) {
    return includeColumns.isEmpty()
        ? !excludeColumns.contains(column)
        : includeColumns.contains(column);
  }
}
