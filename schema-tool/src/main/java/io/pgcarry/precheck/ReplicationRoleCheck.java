package io.pgcarry.precheck;

import io.pgcarry.common.sql.Identifier;
import java.sql.SQLException;
import java.util.List;

/**
 * The sink applies changes with {@code session_replication_role = replica}, so that target triggers
 * and foreign-key checks do not fire for replicated rows. Setting it takes a superuser, or from
 * PostgreSQL 15 the SET privilege on that parameter.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sql-grant.html">GRANT SET ON PARAMETER</a>
 */
final class ReplicationRoleCheck implements Check {

  static final String ID = "target-replication-role";
  private static final int GRANTABLE_FROM = 150000;
  private static final PrecheckQuery CAN_SET = PrecheckQuery.load("parameter-privilege.sql");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Servers needs() {
    return Servers.TARGET;
  }

  @Override
  public List<Finding> run(CheckContext context) throws SQLException {
    ServerInfo target = context.targetInfo();
    if (target.superuser()) {
      return List.of();
    }
    String object = "target role " + target.user();
    if (target.versionNum() < GRANTABLE_FROM) {
      return List.of(
          Finding.error(
              ID,
              object,
              "the sink sets session_replication_role = replica so that target triggers and"
                  + " foreign keys do not fire for replicated rows; before PostgreSQL 15 only a"
                  + " superuser may, so the target account must be a superuser",
              null));
    }
    if (CAN_SET.one(context.target(), row -> row.getBoolean("can_set"))) {
      return List.of();
    }
    return List.of(
        Finding.error(
            ID,
            object,
            "the sink sets session_replication_role = replica so that target triggers and foreign"
                + " keys do not fire for replicated rows, and the target account may not",
            "GRANT SET ON PARAMETER session_replication_role TO "
                + Identifier.quote(target.user())
                + ";"));
  }
}
