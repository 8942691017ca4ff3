package io.pgcarry.schema.ddl;

import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.sql.Identifier;

/**
 * Quoted target names of source objects under a {@link NameMapping}. Every name the renderers write
 * passes through here, and from here through {@link Identifier#quote}. Immutable.
 */
public final class TargetNames {

  private final NameMapping mapping;

  public TargetNames(NameMapping mapping) {
    this.mapping = mapping;
  }

  /** Names that keep every source name. */
  public static TargetNames identity() {
    return new TargetNames(NameMapping.IDENTITY);
  }

  public NameMapping mapping() {
    return mapping;
  }

  /** The quoted target name of a source schema. */
  public String schema(String source) {
    return Identifier.quote(mapping.schema(source));
  }

  /** A schema-level object (type, function, sequence, view...) as {@code schema.name}, quoted. */
  public String qualified(String sourceSchema, String name) {
    return Identifier.qualify(mapping.schema(sourceSchema), name);
  }

  /** The target id of a source table. */
  public TableId table(TableId source) {
    return mapping.table(source);
  }

  /** The quoted target name of a source table. */
  public String table(String schema, String table) {
    return mapping.table(new TableId(schema, table)).quoted();
  }

  /** The quoted target name of a column of a source table. */
  public String column(TableId source, String column) {
    return Identifier.quote(mapping.column(source, column));
  }

  /** Whether a column of a source table is carried to the target. */
  public boolean carries(TableId source, String column) {
    return mapping.carries(source, column);
  }
}
