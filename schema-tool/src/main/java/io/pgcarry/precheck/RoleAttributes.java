package io.pgcarry.precheck;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the connected role may do, as far as the migration cares. Immutable.
 *
 * @param name the role name
 * @param superuser superuser attribute
 * @param replication REPLICATION attribute
 * @param createdb CREATEDB attribute
 * @param replicationMember member of a managed service's replication role (rds_replication)
 * @param canCreate CREATE privilege on the connected database
 */
record RoleAttributes(
    String name,
    boolean superuser,
    boolean replication,
    boolean createdb,
    boolean replicationMember,
    boolean canCreate) {

  private static final PrecheckQuery QUERY = PrecheckQuery.load("role.sql");

  static RoleAttributes read(Connection connection) throws SQLException {
    return QUERY.one(
        connection,
        row ->
            new RoleAttributes(
                row.getString("role_name"),
                row.getBoolean("superuser"),
                row.getBoolean("replication"),
                row.getBoolean("createdb"),
                row.getBoolean("replication_member"),
                row.getBoolean("can_create")));
  }
}
