package io.pgcarry.migrate.cleanup;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.migrate.MigrationSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the source account of a migration leaves behind once replication has ended, for the operator
 * to remove: the slot and the publication are gone by then, so what is left is the role itself, its
 * privileges in each database, and its REPLICATION attribute. pgcarry prints the statements and
 * never runs them; a role that owns objects is the application's too, and only its REPLICATION
 * attribute is the migration's. Stateless.
 */
public final class AccountLeftovers {

  private static final Logger LOG = LoggerFactory.getLogger(AccountLeftovers.class);

  private AccountLeftovers() {}

  /**
   * What the source account of a run leaves behind, read on its first database (roles and their
   * privileges are the server's); a failure to read it is said in a comment line, since the
   * migration itself is over.
   */
  public static List<String> of(MigrationSpec database) {
    try (Connection source = Connections.open(database.source(), "source")) {
      return statements(source, database.source());
    } catch (SQLException | RuntimeException e) {
      LOG.warn("Cannot read what the source role {} leaves behind", database.source().user(), e);
      return List.of(
          "-- could not read what source role "
              + database.source().user()
              + " leaves behind: "
              + e.getMessage());
    }
  }

  /**
   * The statements that remove the source account's leftovers, with comment lines saying what they
   * are for; empty when there is nothing to remove.
   *
   * @param source a connection to the source, as the account
   * @param uri the source's URI, for the cleanup command line
   */
  public static List<String> statements(Connection source, PgUri uri) throws SQLException {
    MigrationRole role = MigrationRole.read(source, uri.user()).orElse(null);
    if (role == null || role.superuser()) {
      return List.of();
    }
    String name = Identifier.quote(role.name());
    List<String> out = new ArrayList<>();
    if (!role.ownsNothing()) {
      if (role.replication()) {
        out.add(
            "-- source role "
                + role.name()
                + " owns objects, so it is the application's too; if it was given REPLICATION"
                + " for the migration:");
        out.add("ALTER ROLE " + name + " NOREPLICATION;");
      }
      return out;
    }
    out.add(
        "-- source role "
            + role.name()
            + " owns nothing: it served the migration only. As another role, run `pgcarry"
            + " cleanup --source "
            + "postgresql://ADMIN@"
            + uri.host()
            + ":"
            + uri.port()
            + "/postgres"
            + " --drop-role "
            + role.name()
            + "`, or:");
    for (String database : role.databases()) {
      out.add("-- in database " + database + ":");
      out.add("DROP OWNED BY " + name + ";");
    }
    out.add("DROP ROLE " + name + ";");
    return out;
  }
}
