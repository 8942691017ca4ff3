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
