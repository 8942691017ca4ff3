package io.pgcarry.schema.ddl;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgcarry.common.sql.Identifier;

/**
 * {@code CREATE COLLATION} from a {@code pg_collation} row read as JSON, whatever the server's
 * major version named its columns.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sql-createcollation.html">CREATE
 *     COLLATION</a>
 */
public final class CollationRenderer {

  private CollationRenderer() {}

  /**
   * Renders the statement.
   *
   * @param name the quoted, qualified target name
   * @param row the pg_collation row as JSON
   */
  public static String render(String name, JsonNode row) {
    String provider = row.path("collprovider").asText("c");
    StringBuilder out = new StringBuilder("CREATE COLLATION ").append(name).append(" (");
    if (provider.equals("i")) {
      String locale = firstText(row, "colllocale", "colliculocale", "collcollate");
      out.append("provider = icu, locale = ").append(Identifier.literal(locale));
      if (!row.path("collicurules").asText("").isEmpty()) {
        out.append(", rules = ").append(Identifier.literal(row.path("collicurules").asText()));
      }
    } else if (provider.equals("b")) {
      out.append("provider = builtin, locale = ")
          .append(Identifier.literal(firstText(row, "colllocale")));
    } else {
      out.append("provider = libc, lc_collate = ")
          .append(Identifier.literal(row.path("collcollate").asText("")))
          .append(", lc_ctype = ")
          .append(Identifier.literal(row.path("collctype").asText("")));
    }
    if (!row.path("collisdeterministic").asBoolean(true)) {
      out.append(", deterministic = false");
    }
    return out.append(")").toString();
  }

  private static String firstText(JsonNode row, String... fields) {
    for (String field : fields) {
      JsonNode value = row.path(field);
      if (value.isTextual() && !value.asText().isEmpty()) {
        return value.asText();
      }
    }
    return "";
  }
}
