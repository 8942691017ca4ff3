package io.pgcarry.common.sql;

import java.util.Set;

/**
 * The one place where SQL identifiers are quoted. Every name that reaches generated SQL passes
 * through {@link #quote(String)}.
 */
public final class Identifier {

  /** Keywords that cannot stand unquoted as a column or table name. */
  private static final Set<String> RESERVED =
      Set.of(
          "all",
          "analyse",
          "analyze",
          "and",
          "any",
          "array",
          "as",
          "asc",
          "asymmetric",
          "authorization",
          "between",
          "binary",
          "both",
          "case",
          "cast",
          "check",
          "collate",
          "collation",
          "column",
          "concurrently",
          "constraint",
          "create",
          "cross",
          "current_catalog",
          "current_date",
          "current_role",
          "current_schema",
          "current_time",
          "current_timestamp",
          "current_user",
          "default",
          "deferrable",
          "desc",
          "distinct",
          "do",
          "else",
          "end",
          "except",
          "false",
          "fetch",
          "for",
          "foreign",
          "freeze",
          "from",
          "full",
          "grant",
          "group",
          "having",
          "ilike",
          "in",
          "initially",
          "inner",
          "intersect",
          "into",
          "is",
          "isnull",
          "join",
          "lateral",
          "leading",
          "left",
          "like",
          "limit",
          "localtime",
          "localtimestamp",
          "natural",
          "not",
          "notnull",
          "null",
          "offset",
          "on",
          "only",
          "or",
          "order",
          "outer",
          "overlaps",
          "placing",
          "primary",
          "references",
          "returning",
          "right",
          "select",
          "session_user",
          "similar",
          "some",
          "symmetric",
          "system_user",
          "table",
          "tablesample",
          "then",
          "to",
          "trailing",
          "true",
          "union",
          "unique",
          "user",
          "using",
          "variadic",
          "verbose",
          "when",
          "where",
          "window",
          "with");

  private Identifier() {}

  /**
   * Whether a name needs no quotes as far as its characters go: {@code [a-z_][a-z0-9_$]*}, checked
   * without a regular expression, since every statement the sink renders quotes each column.
   */
  private static boolean isPlain(String name) {
    char first = name.charAt(0);
    if (!(first >= 'a' && first <= 'z' || first == '_')) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '$')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Quotes an identifier unless it is a plain lower-case name that is not a reserved word; an
   * embedded double quote is doubled.
   *
   * @throws IllegalArgumentException if the name is empty or contains a NUL character
   */
  public static String quote(String name) {
    if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("invalid SQL identifier: '" + name + "'");
    }
    if (isPlain(name) && !RESERVED.contains(name)) {
      return name;
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** Quotes a schema-qualified name. */
  public static String qualify(String schema, String name) {
    return quote(schema) + "." + quote(name);
  }

  /** Quotes a string as a SQL literal, for the rare statement that cannot take parameters. */
  public static String literal(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a SQL literal cannot hold a NUL character");
    }
    return "'" + value.replace("'", "''") + "'";
  }
}
