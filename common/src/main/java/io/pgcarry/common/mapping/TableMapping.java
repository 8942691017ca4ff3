package io.pgcarry.common.mapping;

import java.util.HashMap;
import java.util.HashSet;
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

  /**
   * @throws IllegalArgumentException when both column lists are given
   */
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

  /** Whether the mapping leaves some columns out. */
  public boolean selectsColumns() {
    return !includeColumns.isEmpty() || !excludeColumns.isEmpty();
  }

  /** This mapping after the source column {@code from} was renamed {@code to}. */
  TableMapping withColumnRenamed(String from, String to) {
    Map<String, String> renamed = new HashMap<>(columns);
    String target = renamed.remove(from);
    if (target != null) {
      renamed.put(to, target);
    }
    return new TableMapping(
        name, renamed, replace(includeColumns, from, to), replace(excludeColumns, from, to));
  }

  private static Set<String> replace(Set<String> names, String from, String to) {
    if (!names.contains(from)) {
      return names;
    }
    Set<String> out = new HashSet<>(names);
    out.remove(from);
    out.add(to);
    return out;
  }
}
