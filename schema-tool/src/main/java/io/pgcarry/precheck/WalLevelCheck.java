package io.pgcarry.precheck;

import java.sql.SQLException;
import java.util.List;

/**
 * Logical decoding needs {@code wal_level = logical} on the source; changing it takes a restart.
 *
 * @see <a href="https://www.postgresql.org/docs/current/runtime-config-wal.html">wal_level</a>
 */
final class WalLevelCheck implements Check {

  static final String ID = "wal-level";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Servers needs() {
    return Servers.SOURCE;
  }

  @Override
  public List<Finding> run(CheckContext context) throws SQLException {
    String level =
        ServerSettings.read(context.source(), "wal_level").text("wal_level").orElse("unknown");
    if ("logical".equals(level)) {
      return List.of();
    }
    return List.of(
        Finding.error(
            ID,
            "source setting wal_level",
            "wal_level is '"
                + level
                + "', but a logical replication slot needs 'logical'; set it and restart the"
                + " source (on Amazon RDS and Aurora set rds.logical_replication = 1 in the"
                + " parameter group instead)",
            "ALTER SYSTEM SET wal_level = logical; -- then restart PostgreSQL"));
  }
}
