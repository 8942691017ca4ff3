package io.pgcarry.precheck;

import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.sql.Identifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A migrated table that already exists on the target (under its target name) must have every column
 * the source table carries (under its target name), or the sink's inserts fail; a column whose type
 * differs is a warning, since values may not convert. Columns only the target has are left alone.
 */
final class TargetColumnCheck implements Check {

  static final String ID = "target-columns";
  private static final PrecheckQuery COLUMNS = PrecheckQuery.load("table-columns.sql");

  private record Column(TableId table, String name, String type) {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Servers needs() {
    return Servers.BOTH;
  }

  @Override
  public List<Finding> run(CheckContext context) throws SQLException {
    if (!context.targetDatabaseExists()) {
      return List.of();
    }
    Map<TableId, Map<String, String>> source = sourceColumns(context);
    Map<TableId, Map<String, String>> target = new TreeMap<>();
    for (Column column : columns(context.target())) {
      if (context.sourceOf(column.table()).isPresent()) {
        target
            .computeIfAbsent(column.table(), t -> new LinkedHashMap<>())
            .put(column.name(), column.type());
      }
    }
    List<Finding> findings = new ArrayList<>();
    target.forEach(
        (table, targetColumns) -> {
          Map<String, String> sourceColumns = source.getOrDefault(table, Map.of());
          findings.addAll(compare(table, sourceColumns, targetColumns));
        });
    return findings;
  }

  private static List<Finding> compare(
      TableId table, Map<String, String> source, Map<String, String> target) {
    List<String> missing = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    source.forEach(
        (name, type) -> {
          String targetType = target.get(name);
          if (targetType == null) {
            missing.add(name);
          } else if (!targetType.equals(type)) {
            findings.add(
                Finding.warning(
                    ID,
                    table.quoted() + "." + Identifier.quote(name),
                    "the column is " + type + " on the source but " + targetType + " on the target",
                    null));
          }
        });
    if (!missing.isEmpty()) {
      findings.add(
          0,
          Finding.error(
              ID,
              table.quoted(),
              "the table exists on the target without the source's columns "
                  + String.join(", ", missing)
                  + "; the sink's writes would fail",
              missing.stream()
                  .map(
                      name ->
                          "ALTER TABLE "
                              + table.quoted()
                              + " ADD COLUMN "
                              + Identifier.quote(name)
                              + " "
                              + source.get(name)
                              + ";")
                  .reduce((a, b) -> a + "\n" + b)
                  .orElseThrow()));
    }
    return findings;
  }

  /**
   * The carried columns of every migrated source table, by the table's target name, each under its
   * target name, in column order, with its type.
   */
  private static Map<TableId, Map<String, String>> sourceColumns(CheckContext context)
      throws SQLException {
    NameMapping mapping = context.settings().mapping();
    Map<TableId, Map<String, String>> tables = new TreeMap<>();
    for (Column column : columns(context.source())) {
      if (context.migrates(column.table()) && mapping.carries(column.table(), column.name())) {
        tables
            .computeIfAbsent(context.targetOf(column.table()), t -> new LinkedHashMap<>())
            .put(mapping.column(column.table(), column.name()), column.type());
      }
    }
    return tables;
  }

  /** Every column of every user table over a connection, in column order. */
  private static List<Column> columns(Connection connection) throws SQLException {
    return COLUMNS.list(
        connection,
        row ->
            new Column(
                new TableId(row.getString("schema_name"), row.getString("table_name")),
                row.getString("column_name"),
                row.getString("column_type")));
  }
}
