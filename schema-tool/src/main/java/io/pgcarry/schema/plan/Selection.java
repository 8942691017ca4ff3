package io.pgcarry.schema.plan;

import io.pgcarry.common.TableId;
import io.pgcarry.common.TableSelection;
import io.pgcarry.schema.ddl.SchemaObject;
import java.util.List;

/**
 * Which source objects to carry, by the rules of {@link TableSelection}: from {@code --include} and
 * {@code --exclude} patterns of the form {@code schema.table}, where {@code *} matches any run of
 * characters and {@code ?} one character; a pattern without a dot matches the table name in every
 * schema. Immutable.
 *
 * <p>A table, view or sequence is selected when some include pattern matches it (or there are none)
 * and no exclude pattern does; what belongs to a table (indexes, constraints, triggers, policies,
 * rules) follows its table. A schema-level object (type, function, ...) is selected when its schema
 * is: some include pattern's schema part matches it (or there are none) and no exclude pattern
 * {@code schema.*} names it.
 */
public final class Selection {

  private final TableSelection tables;

  public Selection(List<String> includes, List<String> excludes) {
    this.tables = new TableSelection(includes, excludes);
  }

  /** Selects everything. */
  public static Selection all() {
    return new Selection(List.of(), List.of());
  }

  /** Whether the object is selected on its own (before dependencies are pulled in). */
  public boolean selects(SchemaObject object) {
    return object.table().map(this::selectsTable).orElseGet(() -> selectsSchema(object.schema()));
  }

  public boolean selectsTable(TableId table) {
    return tables.test(table);
  }

  public boolean selectsSchema(String schema) {
    return tables.selectsSchema(schema);
  }
}
