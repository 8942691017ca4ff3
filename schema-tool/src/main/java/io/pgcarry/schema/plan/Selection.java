package io.pgcarry.schema.plan;

import io.pgcarry.common.TableId;
import io.pgcarry.schema.ddl.SchemaObject;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which source objects to carry, from {@code --include} and {@code --exclude} patterns of the form
 * {@code schema.table}, where {@code *} matches any run of characters and {@code ?} one character;
 * a pattern without a dot matches the table name in every schema. Immutable.
 *
 * <p>A table, view or sequence is selected when some include pattern matches it (or there are none)
 * and no exclude pattern does; what belongs to a table (indexes, constraints, triggers, policies,
 * rules) follows its table. A schema-level object (type, function, ...) is selected when its schema
 * is: some include pattern's schema part matches it (or there are none) and no exclude pattern
 * {@code schema.*} names it.
 */
public final class Selection {

  private record Glob(Pattern schema, Pattern table, boolean wholeSchema) {
    boolean matches(TableId id) {
      return schema.matcher(id.schema()).matches() && table.matcher(id.table()).matches();
    }
  }

  private final List<Glob> includes;
  private final List<Glob> excludes;

  public Selection(List<String> includes, List<String> excludes) {
    this.includes = includes.stream().map(Selection::glob).toList();
    this.excludes = excludes.stream().map(Selection::glob).toList();
  }

  /** Selects everything. */
  public static Selection all() {
    return new Selection(List.of(), List.of());
  }

  /** Whether the object is selected on its own (before dependencies are pulled in). */
  public boolean selects(SchemaObject object) {
    return object.table().map(this::selectsTable).orElseGet(() -> selectsSchema(object.schema()));
  }

  public boolean selectsTable(TableId table) {
    boolean included = includes.isEmpty() || includes.stream().anyMatch(g -> g.matches(table));
    return included && excludes.stream().noneMatch(g -> g.matches(table));
  }

  public boolean selectsSchema(String schema) {
    boolean included =
        includes.isEmpty() || includes.stream().anyMatch(g -> g.schema.matcher(schema).matches());
    return included
        && excludes.stream().noneMatch(g -> g.wholeSchema() && g.schema.matcher(schema).matches());
  }

  private static Glob glob(String pattern) {
    int dot = pattern.indexOf('.');
    String schema = dot < 0 ? "*" : pattern.substring(0, dot);
    String table = dot < 0 ? pattern : pattern.substring(dot + 1);
    if (schema.isEmpty() || table.isEmpty()) {
      throw new IllegalArgumentException(
          "pattern '" + pattern + "' is not of the form schema.table (globs * and ? allowed)");
    }
    return new Glob(regex(schema), regex(table), table.equals("*"));
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
    return Pattern.compile(out.toString());
  }
}
