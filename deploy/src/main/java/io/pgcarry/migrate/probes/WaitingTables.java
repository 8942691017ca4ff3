package io.pgcarry.migrate.probes;

import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.migrate.DdlCapture;
import io.pgcarry.migrate.MigrationSpec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the tables created among the migrated ones while streaming that do not stream yet: without
 * a primary key or a replica identity, the capture leaves them out of the publication (publishing
 * them would make the application's updates and deletes fail). Status names them with the fix, and
 * a cutover waits for none of them: it refuses while one waits. Not thread-safe.
 */
public final class WaitingTables {

  private static final SqlResource QUERY =
      SqlResource.load(WaitingTables.class, "waiting-tables.sql");

  private final MigrationSpec spec;
  private final DdlCapture capture;
  private final WatchSession source;

  /**
   * @param source the session on the source database, which the caller closes
   */
  public WaitingTables(MigrationSpec spec, DdlCapture capture, WatchSession source) {
    this.spec = spec;
    this.capture = capture;
    this.source = source;
  }

  /** One line per waiting table: what waits, why, and the fix. */
  public List<String> lines() throws SQLException {
    List<String> lines = new ArrayList<>();
    try (PreparedStatement ps =
        source.get().prepareStatement(QUERY.body().formatted(capture.tableFunction()))) {
      ps.setString(1, spec.publicationName());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String table = rs.getString(1);
          lines.add(
              "table "
                  + table
                  + " waits to stream: it has no primary key or replica identity. Run ALTER TABLE "
                  + table
                  + " REPLICA IDENTITY FULL (or add a primary key) on the source, or migrate with"
                  + " --set-replica-identity");
        }
      }
    }
    return lines;
  }
}
