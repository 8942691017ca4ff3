package io.pgcarry.common;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which tables a migration takes, from {@code --include} and {@code --exclude} patterns of the form
 * {@code schema.table}, where {@code *} matches any run of characters and {@code ?} one character;
 * a pattern without a dot matches the table name in every schema. A table is selected when some
 * include pattern matches it (or there are none) and no exclude pattern does. A schema is selected
 * when some include pattern's schema part matches it (or there are none) and no exclude pattern
 * {@code schema.*} names it whole.
 *
 * <p>The one set of selection rules shared by the precheck, the schema tool, the migration driver
 * and verify, so each looks at exactly the same tables, and the one reader of the patterns: where
 * the source server itself selects (DDL capture's event trigger), it gets them as LIKE patterns
 * ({@link #includeLikes}). Immutable and thread-safe.
 */
public final class TableSelection implements Predicate<TableId> {

  /**
   * One pattern as a pair of SQL LIKE patterns (with {@code \} escaping {@code %}, {@code _} and
   * itself), which a table matches when its schema matches the first and its name the second.
   */
  public record LikePattern(String schema, String table) {}

  private record Glob(String schemaGlob, String tableGlob, Pattern schema, Pattern table) {
    boolean matches(TableId id) {
      return schema.matcher(id.schema()).matches() && table.matcher(id.table()).matches();
    }

    /** Whether it names a schema whole ({@code schema.*}). */
    boolean wholeSchema() {
      return tableGlob.equals("*");
    }

    LikePattern like() {
      return new LikePattern(toLike(schemaGlob), toLike(tableGlob));
    }
  }

  private final List<String> includePatterns;
  private final List<String> excludePatterns;
  private final List<Glob> includes;
  private final List<Glob> excludes;

  /**
   * @throws IllegalArgumentException naming a pattern whose schema or table part is empty
   */
  public TableSelection(List<String> includes, List<String> excludes) {
    this.includePatterns = List.copyOf(includes);
    this.excludePatterns = List.copyOf(excludes);
    this.includes = includePatterns.stream().map(TableSelection::glob).toList();
    this.excludes = excludePatterns.stream().map(TableSelection::glob).toList();
  }

  /** Every table. */
  public static TableSelection all() {
    return new TableSelection(List.of(), List.of());
  }

  public List<String> includes() {
    return includePatterns;
  }

  public List<String> excludes() {
    return excludePatterns;
  }

  @Override
  public boolean test(TableId table) {
    boolean included = includes.isEmpty() || includes.stream().anyMatch(g -> g.matches(table));
    return included && excludes.stream().noneMatch(g -> g.matches(table));
  }

  /** The include patterns as LIKE patterns, in order. */
  public List<LikePattern> includeLikes() {
    return includes.stream().map(Glob::like).toList();
  }

  /** The exclude patterns as LIKE patterns, in order. */
  public List<LikePattern> excludeLikes() {
    return excludes.stream().map(Glob::like).toList();
  }

  /** Whether objects of the schema (types, functions...) are selected. */
  public boolean selectsSchema(String schema) {
    boolean included =
        includes.isEmpty() || includes.stream().anyMatch(g -> g.schema().matcher(schema).matches());
    return included
        && excludes.stream()
            .noneMatch(g -> g.wholeSchema() && g.schema().matcher(schema).matches());
  }

  private static Glob glob(String pattern) {
    int dot = pattern.indexOf('.');
    String schema = dot < 0 ? "*" : pattern.substring(0, dot);
    String table = dot < 0 ? pattern : pattern.substring(dot + 1);
    if (schema.isEmpty() || table.isEmpty()) {
      throw new IllegalArgumentException(
          "'" + pattern + "' is not a table pattern of the form schema.table (* and ? allowed)");
    }
    return new Glob(schema, table, regex(schema), regex(table));
  }

  private static Pattern regex(String glob) {
    StringBuilder out = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> out.append(".*");
        case '?' -> out.append('.');
        default -> out.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(out.toString(), Pattern.DOTALL);
  }

  private static String toLike(String glob) {
    StringBuilder out = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> out.append('%');
        case '?' -> out.append('_');
        case '%', '_', '\\' -> out.append('\\').append(c);
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
