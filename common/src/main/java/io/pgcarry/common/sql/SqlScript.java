package io.pgcarry.common.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A string of SQL as a client sent it, cut into its top-level statements: what the server's {@code
 * current_query()} returns for a query string holding several. Quotes, quoted identifiers, dollar
 * quotes, escape strings, comments, parentheses (rule actions) and {@code BEGIN ATOMIC} bodies hide
 * their semicolons. Enough to find statements, not a parser. Stateless.
 */
public final class SqlScript {

  private SqlScript() {}

  /** The statements, each without its semicolon and trimmed; empty ones are left out. */
  public static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int depth = 0;
    int atomic = 0;
    String previousWord = "";
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      char next = i + 1 < sql.length() ? sql.charAt(i + 1) : '\0';
      if (c == '-' && next == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end + 1;
      } else if (c == '/' && next == '*') {
        i = blockCommentEnd(sql, i);
      } else if (c == '\'') {
        boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e');
        i = quoteEnd(sql, i, '\'', escapes);
      } else if (c == '"') {
        i = quoteEnd(sql, i, '"', false);
      } else if (c == '$' && dollarTag(sql, i) != null) {
        String tag = dollarTag(sql, i);
        int close = sql.indexOf(tag, i + tag.length());
        i = close < 0 ? sql.length() : close + tag.length();
      } else if (Character.isLetter(c) || c == '_') {
        int end = i + 1;
        while (end < sql.length()
            && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
          end++;
        }
        String word = sql.substring(i, end).toUpperCase(Locale.ROOT);
        if (word.equals("ATOMIC") && previousWord.equals("BEGIN")) {
          atomic++;
        } else if (atomic > 0 && word.equals("CASE")) {
          atomic++;
        } else if (atomic > 0 && word.equals("END")) {
          atomic--;
        }
        previousWord = word;
        i = end;
      } else {
        if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth = Math.max(0, depth - 1);
        } else if (c == ';' && depth == 0 && atomic == 0) {
          add(out, sql.substring(start, i));
          start = i + 1;
        }
        if (!Character.isWhitespace(c)) {
          previousWord = "";
        }
        i++;
      }
    }
    add(out, sql.substring(start));
    return out;
  }

  /**
   * The leading keywords of a statement, upper case, up to its first token that is no plain word:
   * {@code CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "i"} gives those seven words but the
   * last. Comments are skipped.
   */
  public static List<String> leadingWords(String statement) {
    List<String> words = new ArrayList<>();
    int i = afterSpaceAndComments(statement, 0);
    while (i < statement.length()
        && (Character.isLetter(statement.charAt(i)) || statement.charAt(i) == '_')) {
      int end = i + 1;
      while (end < statement.length()
          && (Character.isLetterOrDigit(statement.charAt(end))
              || statement.charAt(end) == '_'
              || statement.charAt(end) == '$')) {
        end++;
      }
      words.add(statement.substring(i, end).toUpperCase(Locale.ROOT));
      i = afterSpaceAndComments(statement, end);
    }
    return words;
  }

  private static void add(List<String> out, String statement) {
    String trimmed = statement.strip();
    if (!onlyComments(trimmed)) {
      out.add(trimmed);
    }
  }

  private static boolean onlyComments(String text) {
    return afterSpaceAndComments(text, 0) == text.length();
  }

  /** Where the first character from {@code i} on that is neither white space nor a comment is. */
  private static int afterSpaceAndComments(String sql, int i) {
    while (i < sql.length()) {
      char c = sql.charAt(i);
      char next = i + 1 < sql.length() ? sql.charAt(i + 1) : '\0';
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && next == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end + 1;
      } else if (c == '/' && next == '*') {
        i = blockCommentEnd(sql, i);
      } else {
        return i;
      }
    }
    return sql.length();
  }

  private static int blockCommentEnd(String sql, int start) {
    int depth = 0;
    int i = start;
    while (i < sql.length()) {
      if (sql.startsWith("/*", i)) {
        depth++;
        i += 2;
      } else if (sql.startsWith("*/", i)) {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return sql.length();
  }

  private static int quoteEnd(String sql, int start, char quote, boolean backslashEscapes) {
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return sql.length();
  }

  /** The dollar-quote tag starting at {@code i} ({@code $$} or {@code $tag$}), or null. */
  private static String dollarTag(String sql, int i) {
    if (i > 0) {
      char before = sql.charAt(i - 1);
      if (Character.isLetterOrDigit(before) || before == '_') {
        return null;
      }
    }
    int j = i + 1;
    while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
      if (j == i + 1 && Character.isDigit(sql.charAt(j))) {
        return null;
      }
      j++;
    }
    return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
  }
}
