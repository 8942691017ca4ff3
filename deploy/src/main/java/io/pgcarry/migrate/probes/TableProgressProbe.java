package io.pgcarry.migrate.probes;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.common.sql.SqlStates;
import io.pgcarry.common.stream.PositionTable;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.migrate.state.MigrationStatus;
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
 * Per-table progress of the full load: the rows the sink has applied (from the position table,
 * written with the rows, under the table's target name) against the source's row estimates, taken
 * once when the load first starts and kept in the migration's state; rows per second and time left
 * from one measurement to the next. Tables are shown by their source names, after the database's
 * label in a run over several databases. Not thread-safe.
 */
public final class TableProgressProbe {

  private static final SqlResource SOURCE_ROWS =
      SqlResource.load(TableProgressProbe.class, "source-row-estimates.sql");

  private final Map<String, Long> sourceRows = new LinkedHashMap<>();
  private final Map<String, String> targetNames = new HashMap<>();
  private final MigrationSpec spec;
  private final Map<String, Long> lastRows = new HashMap<>();
  private long lastNanos;

  /**
   * @param tables the database's tables, in display order
   * @param sourceRows estimated rows of the run's tables on the source, by display name
   * @param label what the database's tables are shown after, empty in a single-database run
   */
  public TableProgressProbe(
      MigrationSpec spec, List<SourceTable> tables, Map<String, Long> sourceRows, String label) {
    this.spec = spec;
    for (SourceTable table : tables) {
      String display = label + table.id();
      this.sourceRows.put(display, sourceRows.getOrDefault(display, 0L));
      targetNames.put(display, spec.mapping().table(table.id()).toString());
    }
  }

  /** The source's row estimates of the tables, by display name (after {@code label}). */
  public static Map<String, Long> estimate(
      Connection source, List<SourceTable> tables, String label) throws SQLException {
    Map<TableId, Long> estimates = new HashMap<>();
    try (Statement statement = source.createStatement();
        ResultSet rs = statement.executeQuery(SOURCE_ROWS.text())) {
      while (rs.next()) {
        estimates.put(new TableId(rs.getString(1), rs.getString(2)), rs.getLong(3));
      }
    }
    Map<String, Long> rows = new LinkedHashMap<>();
    for (SourceTable table : tables) {
      rows.put(label + table.id(), estimates.getOrDefault(table.id(), 0L));
    }
    return rows;
  }

  List<MigrationStatus.TableProgress> measure(Connection target) throws SQLException {
    Map<String, long[]> loaded = loaded(target);
    long now = System.nanoTime();
    double seconds = lastNanos == 0 ? 0 : (now - lastNanos) / 1e9;
    List<MigrationStatus.TableProgress> progress = new ArrayList<>();
    sourceRows.forEach(
        (table, estimate) -> {
          long[] applied = loaded.getOrDefault(targetNames.get(table), new long[] {0, 0});
          long rows = applied[0];
          boolean complete = applied[1] == 1;
          long total = complete ? rows : Math.max(estimate, rows);
          long before = lastRows.getOrDefault(table, rows);
          long rate = seconds > 0 ? Math.round((rows - before) / seconds) : 0;
          Long eta = complete ? Long.valueOf(0) : rate > 0 ? (total - rows) / rate : null;
          progress.add(new MigrationStatus.TableProgress(table, total, rows, complete, rate, eta));
          lastRows.put(table, rows);
        });
    lastNanos = now;
    return progress;
  }

  /** Rows applied and completeness by target table name; none while the table is missing. */
  private Map<String, long[]> loaded(Connection target) throws SQLException {
    Map<String, long[]> loaded = new HashMap<>();
    try {
      for (PositionTable.TableLoaded table :
          new PositionTable(spec.positionTable()).fullLoads(target, spec.name())) {
        loaded.put(table.table().toString(), new long[] {table.rows(), table.complete() ? 1 : 0});
      }
    } catch (SQLException e) {
      if (!SqlStates.isUndefinedTable(e)) {
        throw e;
      }
      // The sink creates the position table when it starts.
    } finally {
      if (!target.getAutoCommit()) {
        target.rollback();
      }
    }
    return loaded;
  }
}
