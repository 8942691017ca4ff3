package io.pgcarry.precheck;

import io.pgcarry.common.sql.Identifier;
import java.sql.SQLException;
import java.util.List;

/**
 * The initial copy reads each table in one long SELECT, so a {@code statement_timeout} that the
 * source account's sessions start with (from postgresql.conf, the database or the role) cancels the
 * copy of any table that takes longer.
 */
final class StatementTimeoutCheck implements Check {

  static final String ID = "statement-timeout";
  private static final PrecheckQuery DEFAULTS = PrecheckQuery.load("session-defaults.sql");

  private record Default(String value, String unit) {}

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
    List<Default> defaults =
        DEFAULTS.list(
            context.source(),
            row -> new Default(row.getString("reset_val"), row.getString("unit")),
            (Object) new String[] {"statement_timeout"});
    if (defaults.isEmpty() || "0".equals(defaults.get(0).value())) {
      return List.of();
    }
    Default timeout = defaults.get(0);
    ServerInfo source = context.sourceInfo();
    return List.of(
        Finding.warning(
            ID,
            "source role " + source.user(),
            "sessions of the source account start with statement_timeout = "
                + timeout.value()
                + (timeout.unit() == null ? "" : " " + timeout.unit())
                + "; the initial copy reads each table in one statement, so copying a table that"
                + " takes longer would be cancelled. Turn it off for this account",
            "ALTER ROLE "
                + Identifier.quote(source.user())
                + " IN DATABASE "
                + Identifier.quote(source.database())
                + " SET statement_timeout = 0;"));
  }
}
