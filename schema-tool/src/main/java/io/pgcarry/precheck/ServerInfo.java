package io.pgcarry.precheck;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Facts about a connected server and the account used, read once per run. Immutable.
 *
 * @param versionNum {@code server_version_num}, such as 150004
 * @param version {@code server_version}, such as {@code 15.4 (Debian 15.4-1)}
 * @param user the role the connection runs as
 * @param database the database connected to
 * @param superuser whether that role is a superuser
 */
record ServerInfo(int versionNum, String version, String user, String database, boolean superuser) {

  private static final PrecheckQuery QUERY = PrecheckQuery.load("server-info.sql");

  /** Reads the facts through an open connection. */
  static ServerInfo read(Connection connection) throws SQLException {
    return QUERY.one(
        connection,
        row ->
            new ServerInfo(
                row.getInt("version_num"),
                row.getString("version"),
                row.getString("user_name"),
                row.getString("database_name"),
                row.getBoolean("superuser")));
  }

  /** The major version: 15 for 150004, 9 for 90624 (whose major is really 9.6). */
  public int major() {
    return versionNum / 10000;
  }

  /** The version as people write it: {@code 15}, or {@code 9.6} before 10. */
  public String majorText() {
    return versionNum >= 100000
        ? Integer.toString(major())
        : versionNum / 10000 + "." + versionNum / 100 % 100;
  }
}
