package io.pgcarry.migrate;

import io.pgcarry.common.TableId;
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
 * Per-table progress of the full load: the source's row counts, taken once when the load starts,
 * against the target's current row estimates.
 */
final class TableProgressProbe {

  private final Map<TableId, Long> sourceRows;

  private TableProgressProbe(Map<TableId, Long> sourceRows) {
    this.sourceRows = sourceRows;
  }

  /** Counts the rows of each table on the source. */
  static TableProgressProbe count(Connection source, List<SourceTable> tables) throws SQLException {
    Map<TableId, Long> rows = new LinkedHashMap<>();
    for (SourceTable table : tables) {
      String only = table.hasChildren() ? "ONLY " : "";
      try (Statement statement = source.createStatement();
          ResultSet rs =
              statement.executeQuery("SELECT count(*) FROM " + only + table.id().quoted())) {
        rs.next();
        rows.put(table.id(), rs.getLong(1));
      }
    }
    return new TableProgressProbe(rows);
  }

  long totalSourceRows() {
    return sourceRows.values().stream().mapToLong(Long::longValue).sum();
  }

  List<MigrationStatus.TableProgress> measure(Connection target) throws SQLException {
    Map<TableId, Long> present = new HashMap<>();
    try (Statement statement = target.createStatement();
        ResultSet rs =
            statement.executeQuery(
                SqlResource.load(TableProgressProbe.class, "target-row-estimates.sql"))) {
      while (rs.next()) {
        present.put(new TableId(rs.getString(1), rs.getString(2)), rs.getLong(3));
      }
    }
    List<MigrationStatus.TableProgress> progress = new ArrayList<>();
    sourceRows.forEach(
        (table, rows) ->
            progress.add(
                new MigrationStatus.TableProgress(
                    table.toString(), rows, Math.min(rows, present.getOrDefault(table, 0L)))));
    return progress;
  }
}
