package io.pgcarry.common;

import io.pgcarry.common.sql.Identifier;
import java.util.Objects;

/**
 * A table's schema-qualified name, unquoted.
 *
 * @param schema schema name, as stored in the catalog
 * @param table table name, as stored in the catalog
 */
public record TableId(String schema, String table) implements Comparable<TableId> {

  public TableId {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(table, "table");
  }

  /** The name quoted for SQL, {@code "Schema".table}. */
  public String quoted() {
    return Identifier.qualify(schema, table);
  }

  /**
   * Parses {@code schema.table}, where either part may be double-quoted; an unqualified name is in
   * {@code public}.
   */
  public static TableId parse(String text) {
    StringBuilder current = new StringBuilder();
    String schema = null;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          current.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == '.' && !quoted) {
        if (schema != null) {
          throw new IllegalArgumentException(
              "'" + text + "' has more than two parts; quote a name that holds a dot: \"a.b\"");
        }
        schema = current.toString();
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (quoted || current.length() == 0 || (schema != null && schema.isEmpty())) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a table name of the form schema.table");
    }
    return new TableId(schema == null ? "public" : schema, current.toString());
  }

  @Override
  public int compareTo(TableId other) {
    int bySchema = schema.compareTo(other.schema);
    return bySchema != 0 ? bySchema : table.compareTo(other.table);
  }

  @Override
  public String toString() {
    return quoted();
  }
}
