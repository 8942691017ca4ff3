package io.pgcarry.sink.apply;

import io.pgcarry.sink.catalog.TargetColumn;
import io.pgcarry.sink.catalog.TargetTable;
import io.pgcarry.sink.event.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Renders each step kind into one statement; the only place DML is written. Set-based statements
 * pass each column as one {@code text[]} parameter and unnest them, so a statement has as many
 * parameters as columns whatever its row count; each value is cast from text to the target column
 * type, which is how the value's text form becomes the same value as on the source. Identifiers go
 * through {@link io.pgcarry.common.sql.Identifier}; values are always parameters. Stateless and
 * thread-safe.
 */
public final class DmlRenderer {

  /** The statement for a step. */
  public SqlStatement render(ApplyStep step) {
    return switch (step.kind()) {
      case UPSERT -> insert(step, true);
      case COPY -> copy(step);
      case LOAD -> load(step);
      case INSERT -> insert(step, false);
      case UPDATE_PRESENT -> updatePresent(step);
      case DELETE -> delete(step);
      case MOVE_KEY -> moveKey(step);
      case UPDATE_ONE -> updateOne(step);
      case DELETE_ONE -> deleteOne(step);
      case TRUNCATE -> truncate(step);
      case CLEAR -> new SqlStatement("DELETE FROM ONLY " + step.table().id().quoted(), List.of());
    };
  }

  /**
   * {@code TRUNCATE ONLY}, or for a table other tables reference {@code DELETE FROM ONLY}: the
   * referencing tables have their own topics and may be ahead, so neither a failing TRUNCATE nor a
   * CASCADE into them is right; in replica mode the DELETE fires no foreign key trigger.
   */
  private static SqlStatement truncate(ApplyStep step) {
    String verb = step.table().isReferenced() ? "DELETE FROM ONLY " : "TRUNCATE ONLY ";
    return new SqlStatement(verb + step.table().id().quoted(), List.of());
  }

  /**
   * {@code INSERT … SELECT FROM unnest(…)} in arrival order, with {@code ON CONFLICT (key) DO
   * UPDATE} for keyed tables.
   */
  private SqlStatement insert(ApplyStep step, boolean upsert) {
    TargetTable table = step.table();
    List<String> columns = step.columns();
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table.id().quoted());
    sql.append(" (").append(names(columns)).append(')');
    if (table.hasIdentityAlways()) {
      // Keep the source's identity values: https://www.postgresql.org/docs/current/sql-insert.html
      sql.append(" OVERRIDING SYSTEM VALUE");
    }
    sql.append(" SELECT ").append(casts(table, columns, 0));
    sql.append(" FROM ").append(unnest(columns.size(), true)).append(" ORDER BY v.ord");
    if (upsert) {
      sql.append(" ON CONFLICT (").append(names(step.key())).append(") DO ");
      List<String> set =
          columns.stream()
              .filter(c -> !step.key().contains(c) && !table.column(c).identityAlways())
              .toList();
      if (set.isEmpty()) {
        sql.append("NOTHING");
      } else {
        sql.append("UPDATE SET ")
            .append(
                set.stream()
                    .map(c -> quote(c) + " = EXCLUDED." + quote(c))
                    .collect(Collectors.joining(", ")));
      }
    }
    return new SqlStatement(sql.toString(), columnArrays(columns, step.rows()));
  }

  /**
   * {@code COPY … FROM STDIN} in text format; its one parameter is the data. COPY writes identity
   * columns as given, like OVERRIDING SYSTEM VALUE:
   * https://www.postgresql.org/docs/current/sql-copy.html
   */
  private SqlStatement copy(ApplyStep step) {
    String sql =
        "COPY " + step.table().id().quoted() + " (" + names(step.columns()) + ") FROM STDIN";
    return new SqlStatement(sql, List.of(copyData(step.columns(), step.rows())));
  }

  /**
   * {@code COPY … FROM STDIN} in text format for full-load records, whose data is already COPY text
   * and is streamed as it is; no parameters.
   */
  private SqlStatement load(ApplyStep step) {
    String sql =
        "COPY " + step.table().id().quoted() + " (" + names(step.columns()) + ") FROM STDIN";
    return new SqlStatement(sql, List.of());
  }

  /** Rows in COPY's text format: tab-separated, \N for NULL, backslash escapes. */
  static String copyData(List<String> columns, List<Row> rows) {
    StringBuilder out = new StringBuilder();
    for (Row row : rows) {
      for (int i = 0; i < columns.size(); i++) {
        if (i > 0) {
          out.append('\t');
        }
        String text = row.text(columns.get(i));
        if (text == null) {
          out.append("\\N");
        } else {
          escapeCopy(out, text);
        }
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static void escapeCopy(StringBuilder out, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
  }

  /** {@code UPDATE … FROM unnest(…)} of the present columns, matched by key. */
  private SqlStatement updatePresent(ApplyStep step) {
    TargetTable table = step.table();
    List<String> columns = step.columns();
    List<String> sets = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      String c = columns.get(i);
      if (!step.key().contains(c) && !table.column(c).identityAlways()) {
        sets.add(quote(c) + " = " + cast(table, c, "v.p" + i));
      }
    }
    if (sets.isEmpty()) {
      // Nothing but the key is known: the row is unchanged apart from values left out.
      sets.add(quote(step.key().get(0)) + " = t." + quote(step.key().get(0)));
    }
    String sql =
        "UPDATE "
            + table.id().quoted()
            + " AS t SET "
            + String.join(", ", sets)
            + " FROM "
            + unnest(columns.size(), false)
            + " WHERE "
            + keyMatch(table, step.key(), columns);
    return new SqlStatement(sql, columnArrays(columns, step.rows()));
  }

  /** {@code DELETE … USING unnest(…)} matched by key. */
  private SqlStatement delete(ApplyStep step) {
    TargetTable table = step.table();
    String sql =
        "DELETE FROM "
            + table.id().quoted()
            + " AS t USING "
            + unnest(step.key().size(), false)
            + " WHERE "
            + keyMatch(table, step.key(), step.key());
    return new SqlStatement(sql, columnArrays(step.key(), step.rows()));
  }

  /** Updates the row of the old key to the new key and the present values. */
  private SqlStatement moveKey(ApplyStep step) {
    TargetTable table = step.table();
    Row after = step.rows().get(0);
    Row before = step.oldRows().get(0);
    List<Object> parameters = new ArrayList<>();
    List<String> sets = new ArrayList<>();
    for (String c : step.columns()) {
      sets.add(quote(c) + " = " + cast(table, c, "?"));
      parameters.add(after.text(c));
    }
    List<String> match = new ArrayList<>();
    for (String k : step.key()) {
      match.add("t." + quote(k) + " = " + cast(table, k, "?"));
      parameters.add(before.text(k));
    }
    String sql =
        "UPDATE "
            + table.id().quoted()
            + " AS t SET "
            + String.join(", ", sets)
            + " WHERE "
            + String.join(" AND ", match);
    return new SqlStatement(sql, parameters);
  }

  /** Updates one row equal to the old image, for a table without key. */
  private SqlStatement updateOne(ApplyStep step) {
    TargetTable table = step.table();
    Row after = step.rows().get(0);
    List<Object> parameters = new ArrayList<>();
    List<String> sets = new ArrayList<>();
    for (String c : step.columns()) {
      if (!table.column(c).identityAlways()) {
        sets.add(quote(c) + " = " + cast(table, c, "?"));
        parameters.add(after.text(c));
      }
    }
    if (sets.isEmpty()) {
      String first = quote(table.columns().get(0).name());
      sets.add(first + " = t." + first);
    }
    String sql =
        "UPDATE "
            + table.id().quoted()
            + " AS t SET "
            + String.join(", ", sets)
            + " WHERE "
            + oneRowEqualTo(table, step.oldRows().get(0), parameters);
    return new SqlStatement(sql, parameters);
  }

  /** Deletes one row equal to the old image, for a table without key. */
  private SqlStatement deleteOne(ApplyStep step) {
    TargetTable table = step.table();
    List<Object> parameters = new ArrayList<>();
    String sql =
        "DELETE FROM "
            + table.id().quoted()
            + " AS t WHERE "
            + oneRowEqualTo(table, step.oldRows().get(0), parameters);
    return new SqlStatement(sql, parameters);
  }

  /**
   * Picks exactly one row equal to {@code old}: among identical rows any one will do, and the
   * physical row id ({@code ctid}, with {@code tableoid} for partitions) singles it out. Values
   * compare as text so that types without an equality operator (json, point, xml) match too.
   */
  private static String oneRowEqualTo(TargetTable table, Row old, List<Object> parameters) {
    List<String> conditions = new ArrayList<>();
    for (String c : old.columns()) {
      TargetColumn column = table.column(c);
      if (column == null) {
        continue;
      }
      conditions.add(
          "s." + quote(c) + "::text IS NOT DISTINCT FROM " + cast(table, c, "?") + "::text");
      parameters.add(old.text(c));
    }
    return "(t.tableoid, t.ctid) = (SELECT s.tableoid, s.ctid FROM "
        + table.id().quoted()
        + " AS s WHERE "
        + (conditions.isEmpty() ? "true" : String.join(" AND ", conditions))
        + " LIMIT 1)";
  }

  private static String keyMatch(TargetTable table, List<String> key, List<String> columns) {
    return key.stream()
        .map(k -> "t." + quote(k) + " = " + cast(table, k, "v.p" + columns.indexOf(k)))
        .collect(Collectors.joining(" AND "));
  }

  private static String casts(TargetTable table, List<String> columns, int from) {
    return IntStream.range(0, columns.size())
        .mapToObj(i -> cast(table, columns.get(i), "v.p" + (i + from)))
        .collect(Collectors.joining(", "));
  }

  private static String cast(TargetTable table, String column, String expression) {
    return "CAST(" + expression + " AS " + table.column(column).type() + ")";
  }

  /** {@code unnest(?::text[], …) AS v(p0, …)}, optionally numbering the rows. */
  private static String unnest(int count, boolean ordinality) {
    String arrays =
        IntStream.range(0, count).mapToObj(i -> "?::text[]").collect(Collectors.joining(", "));
    String aliases =
        IntStream.range(0, count).mapToObj(i -> "p" + i).collect(Collectors.joining(", "));
    return "unnest("
        + arrays
        + ")"
        + (ordinality ? " WITH ORDINALITY" : "")
        + " AS v("
        + aliases
        + (ordinality ? ", ord" : "")
        + ")";
  }

  private static List<Object> columnArrays(List<String> columns, List<Row> rows) {
    List<Object> arrays = new ArrayList<>(columns.size());
    for (String column : columns) {
      String[] values = new String[rows.size()];
      for (int r = 0; r < values.length; r++) {
        values[r] = rows.get(r).text(column);
      }
      arrays.add(values);
    }
    return arrays;
  }

  private static String names(List<String> columns) {
    return columns.stream().map(DmlRenderer::quote).collect(Collectors.joining(", "));
  }

  private static String quote(String name) {
    return io.pgcarry.common.sql.Identifier.quote(name);
  }
}
