package io.pgcarry.schema.catalog;

import io.pgcarry.schema.ddl.ForeignKeyRenderer;

/**
 * A foreign key as the catalog holds it: its table and name, quoted as the target knows them, and
 * whether it is validated ({@code pg_constraint.convalidated}). Immutable.
 *
 * @param table the table the key is on, quoted and schema-qualified
 * @param name the constraint's name, quoted
 * @param validated false when the key was added {@code NOT VALID} and not validated since
 */
public record ForeignKeyConstraint(String table, String name, boolean validated) {

  /** The name of the key's schema object and in reports: {@code name ON table}. */
  public String objectName() {
    return name + " ON " + table;
  }

  /** The statement that validates the key. */
  public String validateStatement() {
    return ForeignKeyRenderer.validateConstraint(table, name);
  }
}
