package io.pgcarry.schema.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.schema.ddl.CatalogRef;
import io.pgcarry.schema.ddl.ObjectKind;
import io.pgcarry.schema.ddl.SequenceRenderer;
import io.pgcarry.schema.ddl.TableRenderer;
import io.pgcarry.schema.ddl.TargetNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tables (with their columns and inline CHECK constraints), partition attachments, and sequences
 * with their OWNED BY.
 */
final class TableObjects {

  private TableObjects() {}

  static void read(CatalogReader reader) {
    List<CatalogRow> constraints = reader.constraintRows();
    for (CatalogRow row : CatalogQuery.run(reader.connection(), "tables")) {
      TableId source = new TableId(row.string("schema"), row.string("name"));
      reader.build(source, () -> table(reader, row, constraints));
    }
    for (CatalogRow row : CatalogQuery.run(reader.connection(), "sequences")) {
      sequence(reader, row);
    }
  }

  private static void table(CatalogReader reader, CatalogRow row, List<CatalogRow> constraints) {
    CatalogRef ref = CatalogRef.pgClass(row.number("oid"));
    if (reader.isExtensionMember(ref)) {
      return;
    }
    TargetNames names = reader.names();
    TableId source = new TableId(row.string("schema"), row.string("name"));
    String name = names.table(source).quoted();
    boolean partition = row.string("partition_bound") != null;
    if (partition || row.string("kind").equals("p")) {
      reader.partitioned(source);
    }
    List<String> parents = new ArrayList<>();
    for (JsonNode parent : row.json("parents")) {
      parents.add(names.table(parent.get(0).asText(), parent.get(1).asText()));
    }
    List<String> checks = new ArrayList<>();
    List<String> checkComments = new ArrayList<>();
    ObjectBuilder object =
        new ObjectBuilder(ObjectKind.TABLE, name, source.schema()).table(source).ref(ref);
    for (CatalogRow constraint : constraints) {
      if (constraint.number("table_oid") == ref.oid()
          && constraint.string("type").equals("c")
          && constraint.bool("validated")
          && !constraint.bool("uses_function")
          && (constraint.bool("local") || partition)) {
        String what = "CONSTRAINT " + Identifier.quote(constraint.string("name")) + " ON " + name;
        checks.add(
            "CONSTRAINT "
                + Identifier.quote(constraint.string("name"))
                + " "
                + SourceText.forTable(names, source, constraint.string("definition"), what));
        CatalogRef checkRef = CatalogRef.pgConstraint(constraint.number("oid"));
        reader.alias(checkRef, ref);
        reader
            .comments()
            .on(checkRef)
            .ifPresent(
                text ->
                    checkComments.add(
                        Comments.statement(
                            "CONSTRAINT "
                                + Identifier.quote(constraint.string("name"))
                                + " ON "
                                + name,
                            text)));
      }
    }
    List<TableRenderer.Column> columns = new ArrayList<>();
    for (JsonNode column : row.json("columns")) {
      String columnName = column.path("name").asText();
      if (names.carries(source, columnName)) {
        columns.add(column(names, source, column, name));
      }
      if (!column.path("default_oid").isNull()) {
        reader.alias(new CatalogRef("pg_attrdef", column.path("default_oid").asLong()), ref);
      }
    }
    TableRenderer.Table table =
        new TableRenderer.Table(
            name,
            row.bool("unlogged"),
            columns,
            checks,
            partition ? List.of() : parents,
            Optional.ofNullable(row.string("partition_key")),
            Optional.ofNullable(row.string("of_type")),
            partition,
            Optional.ofNullable(row.string("access_method")).map(Identifier::quote),
            row.strings("options"),
            row.string("replica_identity"),
            row.bool("row_security"),
            row.bool("force_row_security"));
    object.statements(TableRenderer.render(table));
    reader.comments().addTo(object.statements(), ref, "TABLE " + name);
    object.statements(checkComments);
    for (JsonNode column : row.json("columns")) {
      String columnName = column.path("name").asText();
      if (names.carries(source, columnName)) {
        reader
            .comments()
            .onColumn(ref, column.path("num").asInt())
            .ifPresent(
                text ->
                    object.statement(
                        Comments.statement(
                            "COLUMN " + name + "." + names.column(source, columnName), text)));
      }
    }
    reader.alias(CatalogRef.pgType(row.number("row_type")), ref);
    reader.alias(CatalogRef.pgType(row.number("row_array")), ref);
    reader.add(object.build());
    if (partition) {
      JsonNode parent = row.json("parents").get(0);
      reader.add(
          new ObjectBuilder(ObjectKind.PARTITION_ATTACH, name, source.schema())
              .table(source)
              .requires(ref)
              .requires(CatalogRef.pgClass(parent.get(2).asLong()))
              .statement(
                  "ALTER TABLE ONLY "
                      + parents.get(0)
                      + " ATTACH PARTITION "
                      + name
                      + " "
                      + row.string("partition_bound"))
              .build());
    }
  }

  private static TableRenderer.Column column(
      TargetNames names, TableId source, JsonNode c, String table) {
    String expression = TypeObjects.text(c, "default");
    if (expression != null) {
      // A default or generation expression may use columns the mapping renames or leaves out.
      expression =
          SourceText.forTable(
              names, source, expression, "COLUMN " + c.path("name").asText() + " of " + table);
    }
    JsonNode sequence = c.path("identity_sequence");
    Optional<TableRenderer.IdentitySequence> identitySequence =
        sequence.isObject()
            ? Optional.of(
                new TableRenderer.IdentitySequence(
                    names.qualified(
                        sequence.path("schema").asText(), sequence.path("name").asText()),
                    sequence.path("type").asText(),
                    sequence.path("start").asLong(),
                    sequence.path("increment").asLong(),
                    sequence.path("min").asLong(),
                    sequence.path("max").asLong(),
                    sequence.path("cache").asLong(),
                    sequence.path("cycle").asBoolean(),
                    sequence.path("unlogged").isBoolean()
                        ? Optional.of(sequence.path("unlogged").asBoolean())
                        : Optional.empty()))
            : Optional.empty();
    List<String> options = new ArrayList<>();
    c.path("options").forEach(o -> options.add(o.asText()));
    return new TableRenderer.Column(
        names.column(source, c.path("name").asText()),
        c.path("type").asText(),
        TypeObjects.collation(c.path("collation")),
        Optional.ofNullable(expression),
        c.path("not_null").asBoolean(),
        Optional.ofNullable(TypeObjects.text(c, "identity")),
        "s".equals(TypeObjects.text(c, "generated")),
        c.path("local").asBoolean(),
        c.path("generated_by_parent").asBoolean(),
        identitySequence,
        Optional.ofNullable(TypeObjects.text(c, "storage")),
        c.path("statistics").isInt() ? Optional.of(c.path("statistics").asInt()) : Optional.empty(),
        options,
        Optional.ofNullable(TypeObjects.text(c, "compression")));
  }

  private static void sequence(CatalogReader reader, CatalogRow row) {
    CatalogRef ref = CatalogRef.pgClass(row.number("oid"));
    if (reader.isExtensionMember(ref)) {
      return;
    }
    String schema = row.string("schema");
    TableId source = new TableId(schema, row.string("name"));
    String name = reader.names().qualified(schema, row.string("name"));
    ObjectBuilder object =
        new ObjectBuilder(ObjectKind.SEQUENCE, name, schema)
            .table(source)
            .ref(ref)
            .statement(
                SequenceRenderer.render(
                    new SequenceRenderer.Sequence(
                        name,
                        row.string("type"),
                        row.number("start"),
                        row.number("increment"),
                        row.number("min"),
                        row.number("max"),
                        row.number("cache"),
                        row.bool("cycle"),
                        row.bool("unlogged"))));
    reader.comments().addTo(object.statements(), ref, "SEQUENCE " + name);
    reader.add(object.build());
    if (row.string("owner_table") != null) {
      TableId owner = new TableId(row.string("owner_schema"), row.string("owner_table"));
      if (reader.names().carries(owner, row.string("owner_column"))) {
        reader.add(
            new ObjectBuilder(ObjectKind.SEQUENCE_OWNERSHIP, name, schema)
                .table(source)
                .requires(ref)
                .requires(CatalogRef.pgClass(row.number("owner_table_oid")))
                .statement(
                    "ALTER SEQUENCE "
                        + name
                        + " OWNED BY "
                        + reader.names().table(owner).quoted()
                        + "."
                        + reader.names().column(owner, row.string("owner_column")))
                .build());
      }
    }
  }
}
