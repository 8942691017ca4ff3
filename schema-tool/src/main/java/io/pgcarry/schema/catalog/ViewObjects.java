package io.pgcarry.schema.catalog;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.schema.ddl.CatalogRef;
import io.pgcarry.schema.ddl.ObjectKind;
import java.util.List;

/**
 * Views and materialized views, from {@code pg_get_viewdef}. Materialized views are created {@code
 * WITH NO DATA}; the migration refreshes them at cutover.
 */
final class ViewObjects {

  private ViewObjects() {}

  static void read(CatalogReader reader) {
    for (CatalogRow row : CatalogQuery.run(reader.connection(), "views")) {
      CatalogRef ref = CatalogRef.pgClass(row.number("oid"));
      if (reader.isExtensionMember(ref)) {
        continue;
      }
      TableId source = new TableId(row.string("schema"), row.string("name"));
      reader.build(source, () -> view(reader, row, ref, source));
    }
  }

  private static void view(CatalogReader reader, CatalogRow row, CatalogRef ref, TableId source) {
    String name = reader.names().table(source).quoted();
    boolean materialized = row.string("kind").equals("m");
    ObjectKind kind = materialized ? ObjectKind.MATERIALIZED_VIEW : ObjectKind.VIEW;
    String definition =
        SourceText.forTable(
            reader.names(),
            source,
            stripSemicolon(row.string("definition")),
            kind.label() + " " + name);
    List<String> options = row.strings("options");
    StringBuilder create =
        new StringBuilder("CREATE ")
            .append(materialized ? "MATERIALIZED VIEW " : "VIEW ")
            .append(name);
    if (row.string("access_method") != null) {
      create.append(" USING ").append(Identifier.quote(row.string("access_method")));
    }
    if (!options.isEmpty()) {
      create.append(" WITH (").append(String.join(", ", options)).append(")");
    }
    create.append(" AS\n").append(definition);
    if (materialized) {
      create.append("\n  WITH NO DATA");
    }
    ObjectBuilder object =
        new ObjectBuilder(kind, name, source.schema())
            .table(source)
            .ref(ref)
            .statement(create.toString());
    reader.comments().addTo(object.statements(), ref, kind.label() + " " + name);
    List<String> columns = row.strings("columns");
    List<String> compression = row.strings("compression");
    for (int i = 0; i < compression.size(); i++) {
      String method = compression.get(i);
      if (method != null && !method.isEmpty()) {
        object.statement(
            "ALTER MATERIALIZED VIEW "
                + name
                + " ALTER COLUMN "
                + Identifier.quote(columns.get(i))
                + " SET COMPRESSION "
                + (method.equals("l") ? "lz4" : "pglz"));
      }
    }
    for (int i = 0; i < columns.size(); i++) {
      String column = columns.get(i);
      reader
          .comments()
          .onColumn(ref, i + 1)
          .ifPresent(
              text ->
                  object.statement(
                      Comments.statement("COLUMN " + name + "." + Identifier.quote(column), text)));
    }
    reader.alias(new CatalogRef("pg_rewrite", row.number("rule_oid")), ref);
    reader.alias(CatalogRef.pgType(row.number("row_type")), ref);
    reader.alias(CatalogRef.pgType(row.number("row_array")), ref);
    reader.add(object.build());
  }

  static String stripSemicolon(String definition) {
    String text = definition.strip();
    return text.endsWith(";") ? text.substring(0, text.length() - 1) : text;
  }
}
