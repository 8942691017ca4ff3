package io.pgcarry.schema.ddl;

import io.pgcarry.common.sql.Identifier;

/** Edits of a function definition as {@code pg_get_functiondef} renders it. */
public final class RoutineText {

  private RoutineText() {}

  /**
   * Moves a routine to another schema by rewriting the qualified name in its header ({@code CREATE
   * OR REPLACE FUNCTION schema.name(}). The body is left as written.
   */
  public static String renameSchema(String definition, String from, String to) {
    if (from.equals(to)) {
      return definition;
    }
    String quotedFrom = Identifier.quote(from) + ".";
    int header = definition.indexOf('(');
    int at = definition.indexOf(" " + quotedFrom);
    if (at < 0 || at > header) {
      throw new IllegalStateException("unexpected function header: " + firstLine(definition));
    }
    return definition.substring(0, at + 1)
        + Identifier.quote(to)
        + "."
        + definition.substring(at + 1 + quotedFrom.length());
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
