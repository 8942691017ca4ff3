package io.pgcarry.sink.catalog;

import io.pgcarry.common.TableId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A table on the target as the sink needs it: its columns, the columns that identify a row, and the
 * unique indexes and exclusion constraints that decide whether its changes may be reordered.
 * Immutable and thread-safe.
 */
public final class TargetTable {

  private final TableId id;
  private final List<TargetColumn> columns;
  private final List<String> primaryKey;
  private final List<String> identityIndex;
  private final Map<String, TargetColumn> byName = new HashMap<>();
  private final boolean identityAlways;
  private final boolean referenced;
  private final List<UniqueIndex> uniqueIndexes;

  /**
   * @param id the table
   * @param columns the columns in order
   * @param primaryKey primary key columns, empty when none
   * @param identityIndex columns of the REPLICA IDENTITY USING INDEX index, empty when none
   * @param referenced true when a foreign key of another table references this one
   * @param uniqueIndexes every unique index and exclusion constraint, the key's included
   */
  public TargetTable(
      TableId id,
      List<TargetColumn> columns,
      List<String> primaryKey,
      List<String> identityIndex,
      boolean referenced,
      List<UniqueIndex> uniqueIndexes) {
    this.id = Objects.requireNonNull(id, "id");
    this.columns = List.copyOf(columns);
    this.primaryKey = List.copyOf(primaryKey);
    this.identityIndex = List.copyOf(identityIndex);
    this.columns.forEach(c -> byName.put(c.name(), c));
    this.identityAlways = this.columns.stream().anyMatch(TargetColumn::identityAlways);
    this.referenced = referenced;
    this.uniqueIndexes = List.copyOf(uniqueIndexes);
  }

  /** A table nothing references, with no unique index but its key's. */
  public TargetTable(
      TableId id, List<TargetColumn> columns, List<String> primaryKey, List<String> identityIndex) {
    this(id, columns, primaryKey, identityIndex, false, List.of());
  }

  /** Every unique index and exclusion constraint, the key's included. */
  public List<UniqueIndex> uniqueIndexes() {
    return uniqueIndexes;
  }

  /**
   * The unique indexes and exclusion constraints that writes applied by {@code key} can still
   * violate; when there are none, changes to different keys cannot interfere and their order does
   * not matter.
   */
  public List<UniqueIndex> uniqueBeyond(List<String> key) {
    return uniqueIndexes.stream().filter(u -> !u.impliedBy(key)).toList();
  }

  /**
   * Whether a unique index or exclusion constraint can be deferred: its check then waits for the
   * commit, so a commit must not fall inside a source transaction's changes to this table.
   */
  public boolean hasDeferrableConstraint() {
    return uniqueIndexes.stream().anyMatch(UniqueIndex::deferrable);
  }

  /** True when a foreign key of another table references this one, which blocks TRUNCATE. */
  public boolean isReferenced() {
    return referenced;
  }

  public TableId id() {
    return id;
  }

  public List<TargetColumn> columns() {
    return columns;
  }

  public List<String> primaryKey() {
    return primaryKey;
  }

  public List<String> identityIndex() {
    return identityIndex;
  }

  /** The column of a name, or null. */
  public TargetColumn column(String name) {
    return byName.get(name);
  }

  /** The key the target itself knows: the primary key, else the replica identity index. */
  public List<String> catalogKey() {
    return primaryKey.isEmpty() ? identityIndex : primaryKey;
  }

  public boolean hasIdentityAlways() {
    return identityAlways;
  }

  @Override
  public String toString() {
    return "TargetTable[" + id + ", " + columns.size() + " columns]";
  }
}
