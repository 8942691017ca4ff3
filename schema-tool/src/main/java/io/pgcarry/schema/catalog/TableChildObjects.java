package io.pgcarry.schema.catalog;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.schema.ddl.CatalogRef;
import io.pgcarry.schema.ddl.ForeignKeyRenderer;
import io.pgcarry.schema.ddl.ObjectKind;
import io.pgcarry.schema.ddl.SchemaObject;
import io.pgcarry.schema.ddl.TargetNames;

/**
 * What hangs off a table: constraints not written inside CREATE TABLE, foreign keys, indexes and
 * their partition attachments, replica identity indexes, rules and triggers. Policies are in {@link
 * PolicyObjects}.
 */
final class TableChildObjects {

  private TableChildObjects() {}

  static void read(CatalogReader reader) {
    constraints(reader);
    IndexObjects.read(reader);
    rules(reader);
    triggers(reader);
    PolicyObjects.read(reader);
  }

  private static void constraints(CatalogReader reader) {
    for (CatalogRow row : reader.constraintRows()) {
      CatalogRef ref = CatalogRef.pgConstraint(row.number("oid"));
      String type = row.string("type");
      TableId source = new TableId(row.string("schema"), row.string("table_name"));
      CatalogRef tableRef = CatalogRef.pgClass(row.number("table_oid"));
      if (reader.isExtensionMember(tableRef) || reader.aliases().containsKey(ref)) {
        continue;
      }
      boolean inherited = !row.bool("local") || row.number("parent_oid") != 0;
      if (type.equals("c") && inherited || type.equals("f") && row.number("parent_oid") != 0) {
        continue;
      }
      reader.build(source, () -> constraint(reader, row, ref, source, tableRef));
    }
  }

  private static void constraint(
      CatalogReader reader, CatalogRow row, CatalogRef ref, TableId source, CatalogRef tableRef) {
    TargetNames names = reader.names();
    String type = row.string("type");
    String table = names.table(source).quoted();
    String constraint = Identifier.quote(row.string("name"));
    String name = constraint + " ON " + table;
    ObjectBuilder object;
    if (type.equals("f")) {
      boolean partitioned = row.string("table_kind").equals("p");
      object =
          new ObjectBuilder(ObjectKind.FOREIGN_KEY, name, source.schema())
              .statement(
                  ForeignKeyRenderer.addConstraint(
                      table,
                      constraint,
                      foreignKeyDefinition(names, row, source),
                      reader.deferForeignKeyValidation() && !partitioned));
      reader.foreignKey(new ForeignKeyConstraint(table, constraint, row.bool("validated")));
    } else {
      String only = type.equals("c") ? "ALTER TABLE " : "ALTER TABLE ONLY ";
      String definition =
          KeyText.rebuild(names, source, row.string("definition"), row.strings("columns"))
              .orElseGet(() -> SourceText.forTable(names, source, row.string("definition"), name));
      object =
          new ObjectBuilder(
                  type.equals("c") ? ObjectKind.CONSTRAINT : ObjectKind.KEY, name, source.schema())
              .statement(only + table + " ADD CONSTRAINT " + constraint + " " + definition);
      if (row.bool("clustered")) {
        object.statement("ALTER TABLE " + table + " CLUSTER ON " + constraint);
      }
      if (row.number("index_oid") != 0 && !type.equals("f")) {
        CatalogRef index = CatalogRef.pgClass(row.number("index_oid"));
        reader.alias(index, ref);
        reader
            .comments()
            .addTo(
                object.statements(),
                index,
                "INDEX " + names.qualified(source.schema(), row.string("name")));
      }
    }
    object.table(source).ref(ref).requires(tableRef);
    reader.comments().addTo(object.statements(), ref, "CONSTRAINT " + name);
    reader.add(object.build());
  }

  private static String foreignKeyDefinition(TargetNames names, CatalogRow row, TableId source) {
    TableId referenced = new TableId(row.string("ref_schema"), row.string("ref_table"));
    if (names.mapping().keepsNames(source) && names.mapping().keepsNames(referenced)) {
      return row.string("definition");
    }
    for (String column : row.strings("columns")) {
      SourceText.requireCarried(names, source, column, "FOREIGN KEY " + row.string("name"));
    }
    for (String column : row.strings("ref_columns")) {
      SourceText.requireCarried(names, referenced, column, "FOREIGN KEY " + row.string("name"));
    }
    return ForeignKeyRenderer.definition(
        new ForeignKeyRenderer.ForeignKey(
            Identifier.quote(row.string("name")),
            names.table(source).quoted(),
            row.strings("columns").stream().map(c -> names.column(source, c)).toList(),
            names.table(referenced).quoted(),
            row.strings("ref_columns").stream().map(c -> names.column(referenced, c)).toList(),
            row.string("on_update"),
            row.string("on_delete"),
            row.string("match"),
            row.bool("deferrable"),
            row.bool("deferred")));
  }

  private static void rules(CatalogReader reader) {
    for (CatalogRow row : CatalogQuery.run(reader.connection(), "rules")) {
      CatalogRef ref = new CatalogRef("pg_rewrite", row.number("oid"));
      TableId source = new TableId(row.string("schema"), row.string("table_name"));
      reader.build(source, () -> rule(reader, row, ref, source));
    }
  }

  private static void rule(CatalogReader reader, CatalogRow row, CatalogRef ref, TableId source) {
    String table = reader.names().table(source).quoted();
    String name = Identifier.quote(row.string("name")) + " ON " + table;
    String definition =
        SourceText.forTable(
            reader.names(),
            source,
            ViewObjects.stripSemicolon(row.string("definition")),
            "RULE " + name);
    ObjectBuilder object =
        new ObjectBuilder(ObjectKind.RULE, name, source.schema())
            .table(source)
            .ref(ref)
            .statement(definition);
    enabled(object, table, "RULE", Identifier.quote(row.string("name")), row.string("enabled"));
    reader.comments().addTo(object.statements(), ref, "RULE " + name);
    reader.add(object.build());
  }

  private static void triggers(CatalogReader reader) {
    for (CatalogRow row : CatalogQuery.run(reader.connection(), "triggers")) {
      CatalogRef ref = new CatalogRef("pg_trigger", row.number("oid"));
      TableId source = new TableId(row.string("schema"), row.string("table_name"));
      reader.build(source, () -> trigger(reader, row, ref, source));
    }
  }

  private static void trigger(
      CatalogReader reader, CatalogRow row, CatalogRef ref, TableId source) {
    String table = reader.names().table(source).quoted();
    String name = Identifier.quote(row.string("name")) + " ON " + table;
    if (row.number("parent_oid") != 0) {
      reader.add(clonedTrigger(row, ref, source, table, name));
      return;
    }
    SourceText.checkTriggerArguments(
        reader.names(), source, row.string("definition"), "TRIGGER " + name);
    String definition =
        SourceText.forTable(reader.names(), source, row.string("definition"), "TRIGGER " + name);
    ObjectBuilder object =
        new ObjectBuilder(ObjectKind.TRIGGER, name, source.schema())
            .table(source)
            .ref(ref)
            .statement(definition);
    enabled(object, table, "TRIGGER", Identifier.quote(row.string("name")), row.string("enabled"));
    reader.comments().addTo(object.statements(), ref, "TRIGGER " + name);
    reader.add(object.build());
  }

  /**
   * A trigger cloned onto a partition, created with its partitioned table's trigger, whose firing
   * state differs from the parent's.
   */
  private static SchemaObject clonedTrigger(
      CatalogRow row, CatalogRef ref, TableId source, String table, String name) {
    ObjectBuilder clone =
        new ObjectBuilder(ObjectKind.TRIGGER, name, source.schema())
            .table(source)
            .ref(ref)
            .requires(new CatalogRef("pg_trigger", row.number("parent_oid")));
    String trigger = Identifier.quote(row.string("name"));
    String state = row.string("enabled");
    enabled(clone, table, "TRIGGER", trigger, state);
    if (state.equals("O")) {
      clone.statement("ALTER TABLE " + table + " ENABLE TRIGGER " + trigger);
    }
    return clone.build();
  }

  /** Adds the statement for a trigger's or rule's firing state when it is not the default. */
  private static void enabled(
      ObjectBuilder object, String table, String what, String name, String state) {
    String verb =
        switch (state) {
          case "D" -> "DISABLE ";
          case "R" -> "ENABLE REPLICA ";
          case "A" -> "ENABLE ALWAYS ";
          default -> null;
        };
    if (verb != null) {
      object.statement("ALTER TABLE " + table + " " + verb + what + " " + name);
    }
  }
}
