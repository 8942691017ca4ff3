package io.pgcarry.schema.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgcarry.schema.ddl.CatalogRef;
import io.pgcarry.schema.ddl.ObjectKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Text search parsers, templates, dictionaries and configurations with their token mappings.
 *
 * @see <a href="https://www.postgresql.org/docs/current/textsearch-configuration.html">Text search
 *     configuration</a>
 */
final class TextSearchObjects {

  private TextSearchObjects() {}

  static void read(CatalogReader reader) {
    for (CatalogRow row : CatalogQuery.run(reader.connection(), "text-search")) {
      CatalogRef ref = new CatalogRef(row.string("catalog"), row.number("oid"));
      if (reader.isExtensionMember(ref)) {
        continue;
      }
      ObjectKind kind =
          switch (row.string("kind")) {
            case "p" -> ObjectKind.TEXT_SEARCH_PARSER;
            case "t" -> ObjectKind.TEXT_SEARCH_TEMPLATE;
            case "d" -> ObjectKind.TEXT_SEARCH_DICTIONARY;
            default -> ObjectKind.TEXT_SEARCH_CONFIGURATION;
          };
      String name = reader.names().qualified(row.string("schema"), row.string("name"));
      ObjectBuilder object =
          new ObjectBuilder(kind, name, row.string("schema"))
              .ref(ref)
              .statement("CREATE " + kind.label() + " " + name + " (" + row.string("body") + ")");
      object.statements(mappings(name, row.json("mappings")));
      reader.comments().addTo(object.statements(), ref, kind.label() + " " + name);
      reader.add(object.build());
    }
  }

  private static List<String> mappings(String configuration, JsonNode mappings) {
    List<String> out = new ArrayList<>();
    for (JsonNode mapping : mappings) {
      List<String> dictionaries = new ArrayList<>();
      mapping.get(1).forEach(d -> dictionaries.add(d.asText()));
      out.add(
          "ALTER TEXT SEARCH CONFIGURATION "
              + configuration
              + " ADD MAPPING FOR "
              + mapping.get(0).asText()
              + " WITH "
              + String.join(", ", dictionaries));
    }
    return out;
  }
}
