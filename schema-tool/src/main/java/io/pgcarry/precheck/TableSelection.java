package io.pgcarry.precheck;

import io.pgcarry.common.TableId;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which tables a migration takes, from {@code --include} and {@code --exclude} patterns. A pattern
 * is {@code schema.table}, where {@code *} matches any run of characters and {@code ?} one
 * character, and either part may be double-quoted; an unqualified pattern means any schema. With no
 * include pattern every table is included; an exclude pattern always wins. Immutable and
 * thread-safe.
 *
 * @param includes patterns of tables to take; empty means all
 * @param excludes patterns of tables to leave out
 */
public record TableSelection(List<String> includes, List<String> excludes)
    implements Predicate<TableId> {

  public TableSelection {
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
    includes.forEach(TableSelection::compile);
    excludes.forEach(TableSelection::compile);
  }

  /** Every table. */
  public static TableSelection all() {
    return new TableSelection(List.of(), List.of());
  }

  @Override
  public boolean test(TableId table) {
    boolean included = includes.isEmpty() || includes.stream().anyMatch(p -> matches(p, table));
    return included && excludes.stream().noneMatch(p -> matches(p, table));
  }

  private static boolean matches(String pattern, TableId table) {
    Pattern[] parts = compile(pattern);
    return parts[0].matcher(table.schema()).matches() && parts[1].matcher(table.table()).matches();
  }

  /**
   * The schema and table parts as regular expressions.
   *
   * @throws IllegalArgumentException when the pattern is empty or its quotes do not pair
   */
  private static Pattern[] compile(String pattern) {
    StringBuilder schema = null;
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < pattern.length() && pattern.charAt(i + 1) == '"') {
          current.append(Pattern.quote("\""));
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == '.' && !quoted && schema == null) {
        schema = current;
        current = new StringBuilder();
      } else if (c == '*' && !quoted) {
        current.append(".*");
      } else if (c == '?' && !quoted) {
        current.append('.');
      } else {
        current.append(Pattern.quote(String.valueOf(c)));
      }
    }
    if (quoted || current.length() == 0 || (schema != null && schema.length() == 0)) {
      throw new IllegalArgumentException(
          "'" + pattern + "' is not a table pattern of the form schema.table (* and ? allowed)");
    }
    return new Pattern[] {
      Pattern.compile(schema == null ? ".*" : schema.toString(), Pattern.DOTALL),
      Pattern.compile(current.toString(), Pattern.DOTALL)
    };
  }
}
