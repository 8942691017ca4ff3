package io.pgcarry.schema.catalog;

import io.pgcarry.common.TableId;
import io.pgcarry.schema.ddl.CatalogRef;
import io.pgcarry.schema.ddl.ObjectKind;
import io.pgcarry.schema.ddl.SchemaObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Collects the parts of one {@link SchemaObject}. Not thread-safe; one use. */
final class ObjectBuilder {

  private final ObjectKind kind;
  private final String name;
  private final String schema;
  private TableId table;
  private final List<String> statements = new ArrayList<>();
  private final Set<CatalogRef> refs = new HashSet<>();
  private final Set<CatalogRef> requires = new HashSet<>();

  ObjectBuilder(ObjectKind kind, String name, String schema) {
    this.kind = kind;
    this.name = name;
    this.schema = schema;
  }

  ObjectBuilder table(TableId source) {
    this.table = source;
    return this;
  }

  ObjectBuilder statement(String sql) {
    statements.add(sql);
    return this;
  }

  ObjectBuilder statements(List<String> sql) {
    statements.addAll(sql);
    return this;
  }

  List<String> statements() {
    return statements;
  }

  ObjectBuilder ref(CatalogRef ref) {
    refs.add(ref);
    return this;
  }

  ObjectBuilder requires(CatalogRef ref) {
    requires.add(ref);
    return this;
  }

  SchemaObject build() {
    return new SchemaObject(
        kind, name, schema, Optional.ofNullable(table), statements, refs, requires);
  }
}
