package io.pgcarry.sink.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A unique index or exclusion constraint of a target table: what can make a write fail because of
 * another row.
 *
 * @param name the index name, unquoted
 * @param constraint the constraint the index backs, or null for a plain unique index
 * @param exclusion true for an exclusion constraint, whose operators need not be equality
 * @param partial true when the index covers only rows matching a predicate
 * @param expressions true when the index covers expressions, not only columns
 * @param deferrable true when the check can be deferred to commit (a DEFERRABLE constraint)
 * @param columns the key columns (without INCLUDE columns and expressions), in index order
 */
public record UniqueIndex(
    String name,
    String constraint,
    boolean exclusion,
    boolean partial,
    boolean expressions,
    boolean deferrable,
    List<String> columns) {

  public UniqueIndex {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
  }

  /**
   * Whether every two rows this index tells apart are already told apart by {@code key}, so that no
   * write that keeps {@code key} unique can violate it: a unique index on plain columns that
   * include all of the key's (the key's columns are never NULL). Its partial predicate does not
   * matter: it only exempts rows. An exclusion constraint never counts, its operators need not be
   * equality.
   */
  public boolean impliedBy(List<String> key) {
    return !key.isEmpty() && !exclusion && !expressions && columns.containsAll(key);
  }
}
