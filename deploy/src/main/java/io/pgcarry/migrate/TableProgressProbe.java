package io.pgcarry.migrate;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.schema.catalog.SourceTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-table progress of the full load: the source's row counts, taken once when the load first
 * starts and kept in the migration's state, against the target's current row estimates. Not
 * thread-safe.
 */
final class TableProgressProbe {

  private static final SqlResource TARGET_ROWS =
      SqlResource.load(TableProgressProbe.class, "target-row-estimates.sql");

  private final Map<String, Long> sourceRows;

  /**
   * @param sourceRows rows of each table on the source, by quoted name, in display order
   */
  TableProgressProbe(Map<String, Long> sourceRows) {
    this.sourceRows = new LinkedHashMap<>(sourceRows);
  }

  /** Counts the rows of each table on the source, by quoted name. */
  static Map<String, Long> count(Connection source, List<SourceTable> tables) throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (SourceTable table : tables) {
      String only = table.hasChildren() ? "ONLY " : "";
      try (Statement statement = source.createStatement();
          ResultSet rs =
              statement.executeQuery("SELECT count(*) FROM " + only + table.id().quoted())) {
        rs.next();
        rows.put(table.id().toString(), rs.getLong(1));
      }
    }
    return rows;
  }

  List<MigrationStatus.TableProgress> measure(Connection target) throws SQLException {
    Map<String, Long> present = new HashMap<>();
    try (Statement statement = target.createStatement();
        ResultSet rs = statement.executeQuery(TARGET_ROWS.text())) {
      while (rs.next()) {
        present.put(new TableId(rs.getString(1), rs.getString(2)).toString(), rs.getLong(3));
      }
    }
    List<MigrationStatus.TableProgress> progress = new ArrayList<>();
    sourceRows.forEach(
        (table, rows) ->
            progress.add(
                new MigrationStatus.TableProgress(
                    table, rows, Math.min(rows, present.getOrDefault(table, 0L)))));
    return progress;
  }
}
