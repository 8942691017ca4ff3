package io.pgcarry.precheck;

import io.pgcarry.common.TableId;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which tables a migration moves, from {@code --include} and {@code --exclude} patterns of the form
 * {@code schema.table}, where {@code *} and {@code ?} are wildcards ({@code sales.*}); a pattern
 * without a dot names tables in {@code public}. A table is selected when it matches an include
 * pattern (or there are none) and no exclude pattern. The same rules as the migration driver's, so
 * a precheck looks at exactly the tables the migration will take. Immutable and thread-safe.
 *
 * @param includes patterns of tables to take; empty means all
 * @param excludes patterns of tables to leave out
 */
public record TableSelection(List<String> includes, List<String> excludes)
    implements Predicate<TableId> {

  public TableSelection {
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
    for (String pattern : includes) {
      checkPattern(pattern);
    }
    for (String pattern : excludes) {
      checkPattern(pattern);
    }
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
    int dot = pattern.indexOf('.');
    String schema = dot < 0 ? "public" : pattern.substring(0, dot);
    String name = dot < 0 ? pattern : pattern.substring(dot + 1);
    return glob(schema).matcher(table.schema()).matches()
        && glob(name).matcher(table.table()).matches();
  }

  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  /** A pattern with an empty schema or table part would silently match nothing. */
  private static void checkPattern(String pattern) {
    int dot = pattern.indexOf('.');
    if (pattern.isEmpty() || dot == 0 || dot == pattern.length() - 1) {
      throw new IllegalArgumentException(
          "'" + pattern + "' is not a table pattern of the form schema.table (* and ? allowed)");
    }
  }
}
