package io.pgcarry.schema;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.schema.catalog.ServerInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the target database when it is missing, with the source database's encoding and locale,
 * by connecting to the target server's {@code postgres} database.
 */
public final class TargetDatabase {

  private TargetDatabase() {}

  /**
   * Makes sure the target database exists.
   *
   * @return true when this call created it
   * @throws SchemaFailure saying why it could not be created and what to do
   */
  public static boolean ensureExists(PgUri source, PgUri target) {
    try (Connection admin = Connections.open(target.withDatabase("postgres"), "target")) {
      if (exists(admin, target.database())) {
        return false;
      }
      ServerInfo settings;
      try (Connection from = Connections.open(source, "source")) {
        settings = ServerInfo.read(from);
      }
      ServerInfo targetServer = ServerInfo.read(admin);
      String sql = createStatement(target.database(), settings, targetServer.major());
      try (Statement statement = admin.createStatement()) {
        statement.execute(sql);
      } catch (SQLException e) {
        throw new SchemaFailure(
            "cannot create database "
                + Identifier.quote(target.database())
                + " on the target "
                + target.host()
                + ":"
                + target.port()
                + ": "
                + e.getMessage()
                + "; create it yourself (as a user with CREATEDB) with: "
                + sql,
            e);
      }
      return true;
    } catch (SQLException e) {
      throw new SchemaFailure("cannot check the target database: " + e.getMessage(), e);
    }
  }

  /** The CREATE DATABASE statement that copies the source's encoding and locale. */
  static String createStatement(String name, ServerInfo source, int targetMajor) {
    StringBuilder sql =
        new StringBuilder("CREATE DATABASE ")
            .append(Identifier.quote(name))
            .append(" TEMPLATE template0 ENCODING ")
            .append(Identifier.literal(source.encoding()))
            .append(" LC_COLLATE ")
            .append(Identifier.literal(source.collate()))
            .append(" LC_CTYPE ")
            .append(Identifier.literal(source.ctype()));
    String provider = source.localeProvider().orElse("c");
    if (provider.equals("i") && targetMajor >= 15) {
      sql.append(" LOCALE_PROVIDER icu ICU_LOCALE ")
          .append(Identifier.literal(source.icuLocale().orElse("und")));
    } else if (provider.equals("b") && targetMajor >= 17) {
      sql.append(" LOCALE_PROVIDER builtin BUILTIN_LOCALE ")
          .append(Identifier.literal(source.icuLocale().orElse("C")));
    }
    return sql.toString();
  }

  /** Whether the database exists on the server of the connection. */
  static boolean exists(Connection admin, String database) throws SQLException {
    try (PreparedStatement query =
        admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      query.setString(1, database);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next();
      }
    }
  }
}
