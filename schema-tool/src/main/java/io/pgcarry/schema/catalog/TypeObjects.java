package io.pgcarry.schema.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.schema.ddl.CatalogRef;
import io.pgcarry.schema.ddl.ObjectKind;
import io.pgcarry.schema.ddl.TypeRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Enums, composite types, ranges and domains; base and shell types in {@link BaseTypes}. */
final class TypeObjects {

  private TypeObjects() {}

  static void read(CatalogReader reader) {
    for (CatalogRow row : CatalogQuery.run(reader.connection(), "types")) {
      CatalogRef ref = CatalogRef.pgType(row.number("oid"));
      if (reader.isExtensionMember(ref)) {
        continue;
      }
      String schema = row.string("schema");
      String name = reader.names().qualified(schema, row.string("name"));
      String kind = row.string("kind");
      if (kind.equals("p") || kind.equals("b")) {
        reader.alias(CatalogRef.pgType(row.number("array_oid")), ref);
        BaseTypes.read(reader, row, ref, name, schema);
        continue;
      }
      ObjectBuilder object =
          new ObjectBuilder(kind.equals("d") ? ObjectKind.DOMAIN : ObjectKind.TYPE, name, schema)
              .ref(ref);
      reader.alias(CatalogRef.pgType(row.number("array_oid")), ref);
      switch (kind) {
        case "e" -> object.statement(TypeRenderer.enumType(name, row.strings("labels")));
        case "c" -> object.statement(TypeRenderer.composite(name, attributes(row)));
        case "r" -> {
          object.statement(
              TypeRenderer.range(name, range(row.json("range"), schema, row.string("name"))));
          long multirange = row.number("multirange_oid");
          if (multirange != 0) {
            reader.alias(CatalogRef.pgType(multirange), ref);
          }
        }
        default -> domain(reader, row, object, name);
      }
      reader
          .comments()
          .addTo(object.statements(), ref, (kind.equals("d") ? "DOMAIN " : "TYPE ") + name);
      reader.add(object.build());
    }
  }

  private static void domain(
      CatalogReader reader, CatalogRow row, ObjectBuilder object, String name) {
    JsonNode domain = row.json("domain");
    List<String> checks = new ArrayList<>();
    List<String> later = new ArrayList<>();
    List<String> checkComments = new ArrayList<>();
    for (JsonNode check : domain.path("checks")) {
      CatalogRef checkRef = CatalogRef.pgConstraint(check.path("oid").asLong());
      reader.alias(checkRef, CatalogRef.pgType(row.number("oid")));
      String constraint =
          "CONSTRAINT " + Identifier.quote(check.path("name").asText()) + " " + text(check, "def");
      reader
          .comments()
          .on(checkRef)
          .ifPresent(
              comment ->
                  checkComments.add(
                      Comments.statement(
                          "CONSTRAINT "
                              + Identifier.quote(check.path("name").asText())
                              + " ON DOMAIN "
                              + name,
                          comment)));
      if (constraint.endsWith(" NOT VALID")) {
        later.add("ALTER DOMAIN " + name + " ADD " + constraint);
      } else {
        checks.add(constraint);
      }
    }
    object.statement(
        TypeRenderer.domain(
            name,
            new TypeRenderer.Domain(
                domain.path("base").asText(),
                collation(domain.path("collation")),
                Optional.ofNullable(text(domain, "default")),
                domain.path("not_null").asBoolean(),
                checks)));
    object.statements(later);
    object.statements(checkComments);
  }

  private static List<TypeRenderer.Attribute> attributes(CatalogRow row) {
    List<TypeRenderer.Attribute> out = new ArrayList<>();
    for (JsonNode attribute : row.json("attributes")) {
      out.add(
          new TypeRenderer.Attribute(
              attribute.path("name").asText(),
              attribute.path("type").asText(),
              collation(attribute.path("collation"))));
    }
    return out;
  }

  private static TypeRenderer.RangeOptions range(JsonNode range, String schema, String name) {
    // The default multirange name is left out: it is what a server of 14 or later picks anyway,
    // and older servers have no multiranges.
    String defaultMultirange =
        Identifier.qualify(
            schema,
            name.contains("range")
                ? name.replaceFirst("range", "multirange")
                : name + "_multirange");
    return new TypeRenderer.RangeOptions(
        range.path("subtype").asText(),
        Optional.ofNullable(text(range, "opclass")),
        collation(range.path("collation")),
        Optional.ofNullable(text(range, "canonical")),
        Optional.ofNullable(text(range, "diff")),
        Optional.ofNullable(text(range, "multirange")).filter(m -> !m.equals(defaultMultirange)));
  }

  /** A collation given as a JSON array [schema, name], quoted; empty for null. */
  static Optional<String> collation(JsonNode pair) {
    if (pair == null || !pair.isArray()) {
      return Optional.empty();
    }
    return Optional.of(Identifier.qualify(pair.get(0).asText(), pair.get(1).asText()));
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isNull() || value.isMissingNode() ? null : value.asText();
  }
}
