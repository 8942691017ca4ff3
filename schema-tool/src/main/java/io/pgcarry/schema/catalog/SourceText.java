package io.pgcarry.schema.catalog;

import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.mapping.TableMapping;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.schema.ddl.SqlToken;
import io.pgcarry.schema.ddl.TargetNames;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites definitions rendered by the server ({@code pg_get_viewdef}, {@code pg_get_indexdef},
 * {@code pg_get_triggerdef}, ...) to target names, where that is safe: schema-qualified names of
 * renamed schemas and tables are replaced (a renamed table in a FROM list keeps its old name as its
 * alias, so column references still resolve). A definition that mentions a renamed or left-out
 * column is not rewritten: {@link MappingConflict} names the object instead.
 */
public final class SourceText {

  private static final Set<String> NOT_ALIASES =
      Set.of(
          "where",
          "join",
          "on",
          "left",
          "right",
          "inner",
          "full",
          "cross",
          "natural",
          "group",
          "order",
          "limit",
          "offset",
          "union",
          "intersect",
          "except",
          "having",
          "window",
          "fetch",
          "for",
          "using",
          "returning",
          "do",
          "set",
          "values",
          "with",
          "and",
          "or",
          "tablesample",
          "when",
          "then",
          "else",
          "end",
          "as",
          "to",
          "execute",
          "referencing",
          "from",
          "select",
          "instead",
          "also");

  private SourceText() {}

  /**
   * Rewrites a definition that belongs to (or mentions) a source table.
   *
   * @param what the dependent object, named in errors, e.g. {@code VIEW public.v}
   * @throws MappingConflict when the text uses a column the mapping renames or leaves out
   */
  public static String forTable(TargetNames names, TableId owner, String text, String what) {
    NameMapping mapping = names.mapping();
    if (mapping.isIdentity()) {
      return text;
    }
    List<SqlToken> tokens = SqlToken.split(text);
    checkColumns(mapping, owner, tokens, what);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < tokens.size(); i++) {
      SqlToken token = tokens.get(i);
      boolean qualified =
          token.identifier()
              && i + 2 < tokens.size()
              && tokens.get(i + 1).is(".")
              && tokens.get(i + 2).identifier()
              && (i == 0 || !tokens.get(i - 1).is("."));
      if (!qualified
          || !mapping.schemas().containsKey(token.value())
              && !mapping
                  .tables()
                  .containsKey(new TableId(token.value(), tokens.get(i + 2).value()))) {
        out.append(token.text());
        continue;
      }
      TableId source = new TableId(token.value(), tokens.get(i + 2).value());
      checkColumns(mapping, source, tokens, what);
      TableId target = mapping.table(source);
      out.append(target.quoted());
      if (!target.table().equals(source.table())
          && startsFromItem(tokens, i)
          && !hasAlias(tokens, i + 3)) {
        out.append(' ').append(Identifier.quote(source.table()));
      }
      i += 2;
    }
    return out.toString();
  }

  /**
   * Rewrites every schema-qualified name of a renamed schema or table in server-rendered DDL
   * (column types, function signatures, defaults, expressions: the catalog is read with an empty
   * search path, so every such name is qualified), and the literal of an object-identifier cast
   * that names one, as in {@code nextval('public.s'::regclass)}. Other literals and function bodies
   * are left as they are. The mapping must not rename a schema or table into a name it renames in
   * turn ({@link NameMapping} refuses that), so text that already has target names is unchanged.
   */
  public static String qualifiedNames(NameMapping mapping, String text) {
    if (mapping.isIdentity()) {
      return text;
    }
    List<SqlToken> tokens = SqlToken.split(text);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < tokens.size(); i++) {
      SqlToken token = tokens.get(i);
      if (qualified(tokens, i) && renamed(mapping, token.value(), tokens.get(i + 2).value())) {
        out.append(mapping.table(new TableId(token.value(), tokens.get(i + 2).value())).quoted());
        i += 2;
      } else if (castToObjectIdentifier(tokens, i)) {
        out.append(Identifier.literal(renamedLiteral(mapping, unquote(token.text()))));
      } else {
        out.append(token.text());
      }
    }
    return out.toString();
  }

  private static boolean qualified(List<SqlToken> tokens, int i) {
    return tokens.get(i).identifier()
        && i + 2 < tokens.size()
        && tokens.get(i + 1).is(".")
        && tokens.get(i + 2).identifier()
        && (i == 0 || !tokens.get(i - 1).is("."));
  }

  private static boolean renamed(NameMapping mapping, String schema, String name) {
    return mapping.schemas().containsKey(schema)
        || mapping.tables().containsKey(new TableId(schema, name));
  }

  /** A string literal followed by {@code ::regclass}, {@code ::regproc} and the like. */
  private static boolean castToObjectIdentifier(List<SqlToken> tokens, int i) {
    return tokens.get(i).text().startsWith("'")
        && i + 3 < tokens.size()
        && tokens.get(i + 1).is(":")
        && tokens.get(i + 2).is(":")
        && tokens.get(i + 3).identifier()
        && tokens.get(i + 3).value().startsWith("reg");
  }

  private static String renamedLiteral(NameMapping mapping, String name) {
    List<SqlToken> parts = SqlToken.split(name);
    if (parts.size() < 3 || !qualified(parts, 0)) {
      return name;
    }
    String schema = parts.get(0).value();
    String object = parts.get(2).value();
    if (!renamed(mapping, schema, object)) {
      return name;
    }
    StringBuilder out = new StringBuilder(mapping.table(new TableId(schema, object)).quoted());
    parts.subList(3, parts.size()).forEach(part -> out.append(part.text()));
    return out.toString();
  }

  private static String unquote(String literal) {
    return literal.substring(1, literal.length() - 1).replace("''", "'");
  }

  /**
   * Fails when a trigger passes, as a string argument, the name of a column the mapping renames or
   * leaves out ({@code tsvector_update_trigger('fulltext', ..., 'title')}): the trigger function
   * would look the column up by that name on the target.
   */
  static void checkTriggerArguments(
      TargetNames names, TableId table, String definition, String what) {
    TableMapping tableMapping = names.mapping().tables().get(table);
    if (tableMapping == null) {
      return;
    }
    for (SqlToken token : SqlToken.split(definition)) {
      if (!token.text().startsWith("'")) {
        continue;
      }
      String argument = unquote(token.text());
      if (tableMapping.columns().containsKey(argument) || !tableMapping.carries(argument)) {
        throw new MappingConflict(
            what
                + " passes the column name '"
                + argument
                + "' of "
                + table
                + " to its function, and the mapping "
                + (tableMapping.carries(argument) ? "renames" : "leaves out")
                + " that column; pgcarry does not rewrite trigger arguments: drop the rename or"
                + " exclude the table");
      }
    }
  }

  /** Fails unless the mapping carries the column. */
  static void requireCarried(TargetNames names, TableId table, String column, String what) {
    if (!names.carries(table, column)) {
      throw new MappingConflict(
          what
              + " uses column "
              + Identifier.quote(column)
              + " of "
              + table
              + ", which the mapping leaves out; carry the column or exclude the object's table");
    }
  }

  private static void checkColumns(
      NameMapping mapping, TableId table, List<SqlToken> tokens, String what) {
    TableMapping tableMapping = mapping.tables().get(table);
    if (tableMapping == null) {
      return;
    }
    for (SqlToken token : tokens) {
      if (!token.identifier()) {
        continue;
      }
      for (Map.Entry<String, String> rename : tableMapping.columns().entrySet()) {
        if (rename.getKey().equals(token.value())) {
          throw new MappingConflict(
              what
                  + " refers to column "
                  + Identifier.quote(rename.getKey())
                  + " of "
                  + table
                  + ", which the mapping renames to "
                  + Identifier.quote(rename.getValue())
                  + "; pgcarry does not rewrite column names inside expressions: drop the"
                  + " rename or exclude the dependent object");
        }
      }
      if (tableMapping.excludeColumns().contains(token.value())) {
        throw new MappingConflict(
            what
                + " refers to column "
                + Identifier.quote(token.value())
                + " of "
                + table
                + ", which the mapping leaves out; carry the column or exclude the object");
      }
    }
  }

  private static boolean startsFromItem(List<SqlToken> tokens, int at) {
    for (int j = at - 1; j >= 0; j--) {
      SqlToken before = tokens.get(j);
      if (before.isSpace() || before.is("(")) {
        continue;
      }
      return before.is("from") || before.is("join") || before.is(",");
    }
    return false;
  }

  private static boolean hasAlias(List<SqlToken> tokens, int from) {
    for (int j = from; j < tokens.size(); j++) {
      SqlToken next = tokens.get(j);
      if (next.isSpace()) {
        continue;
      }
      return next.identifier() && !NOT_ALIASES.contains(next.value());
    }
    return false;
  }
}
