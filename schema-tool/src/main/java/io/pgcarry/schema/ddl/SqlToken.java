package io.pgcarry.schema.ddl;

import java.util.ArrayList;
import java.util.List;

/**
 * A lexical token of SQL as the server renders it: an identifier (plain or quoted), a literal or
 * any other run of text. Enough to find names in server-rendered definitions, not a parser.
 *
 * @param text the token exactly as written
 * @param identifier whether it is an identifier (keywords included)
 * @param value the identifier's name (unquoted, case-folded when plain); the text otherwise
 */
public record SqlToken(String text, boolean identifier, String value) {

  /** Splits SQL into tokens; concatenating their texts gives the input back. */
  public static List<SqlToken> split(String sql) {
    List<SqlToken> out = new ArrayList<>();
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      int end;
      if (c == '"') {
        end = quoted(sql, i, '"');
        String inner = sql.substring(i + 1, end - 1).replace("\"\"", "\"");
        out.add(new SqlToken(sql.substring(i, end), true, inner));
      } else if (c == '\'') {
        end = quoted(sql, i, '\'');
        out.add(new SqlToken(sql.substring(i, end), false, sql.substring(i, end)));
      } else if (c == '$' && dollarTag(sql, i) != null) {
        String tag = dollarTag(sql, i);
        int close = sql.indexOf(tag, i + tag.length());
        end = close < 0 ? sql.length() : close + tag.length();
        out.add(new SqlToken(sql.substring(i, end), false, sql.substring(i, end)));
      } else if (Character.isLetter(c) || c == '_') {
        end = i + 1;
        while (end < sql.length()
            && (Character.isLetterOrDigit(sql.charAt(end))
                || sql.charAt(end) == '_'
                || sql.charAt(end) == '$')) {
          end++;
        }
        String word = sql.substring(i, end);
        out.add(new SqlToken(word, true, word.toLowerCase(java.util.Locale.ROOT)));
      } else if (Character.isDigit(c)) {
        end = i + 1;
        while (end < sql.length()
            && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.')) {
          end++;
        }
        out.add(new SqlToken(sql.substring(i, end), false, sql.substring(i, end)));
      } else {
        end = i + 1;
        out.add(new SqlToken(sql.substring(i, end), false, sql.substring(i, end)));
      }
      i = end;
    }
    return out;
  }

  /** Whether this token is the given punctuation or keyword (keywords compared lower-case). */
  public boolean is(String expected) {
    return identifier ? text.equalsIgnoreCase(expected) : text.equals(expected);
  }

  /** Whether this is whitespace. */
  public boolean isSpace() {
    return !identifier && text.isBlank();
  }

  private static int quoted(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  private static String dollarTag(String sql, int start) {
    int i = start + 1;
    while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
      i++;
    }
    if (i < sql.length() && sql.charAt(i) == '$') {
      String tag = sql.substring(start, i + 1);
      return Character.isDigit(tag.length() > 2 ? tag.charAt(1) : 'x') ? null : tag;
    }
    return null;
  }
}
