package io.pgcarry.migrate.cleanup;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.sql.Identifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Drops a role that served a migration only, on each server of it that has the role: its privileges
 * in every database ({@code DROP OWNED BY}, which, as the role owns nothing, only revokes them),
 * then the role. It refuses, before changing anything, while the role owns objects, has open
 * sessions, is a superuser created by initdb, or is the role connected. Stateless.
 */
public final class RoleCleanup {

  private RoleCleanup() {}

  /** The role cannot be dropped; the message says why and what to do. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /**
   * Drops the role on the source server and on the target server, when that is another server (one
   * server's roles are the same in all its databases).
   *
   * @param source the source server, or empty
   * @param target the target server, or empty
   * @return what was done, one line per server that had the role; empty when neither had it
   * @throws Refused when the role must not be dropped
   */
  public static List<String> drop(Optional<PgUri> source, Optional<PgUri> target, String role)
      throws SQLException {
    List<String> done = new ArrayList<>();
    if (source.isPresent()) {
      drop(source.get(), "source", role).ifPresent(done::add);
    }
    if (target.isPresent() && !(source.isPresent() && sameServer(source.get(), target.get()))) {
      drop(target.get(), "target", role).ifPresent(done::add);
    }
    return done;
  }

  private static boolean sameServer(PgUri a, PgUri b) {
    return a.host().equals(b.host()) && a.port() == b.port();
  }

  /**
   * Drops the role on the server of {@code uri}.
   *
   * @param side what the server is to the migration ("source" or "target"), for messages
   * @return what was done, or empty when the server has no such role
   * @throws Refused when the role must not be dropped
   */
  private static Optional<String> drop(PgUri uri, String side, String role) throws SQLException {
    MigrationRole found;
    try (Connection connection = Connections.open(uri, side)) {
      found = MigrationRole.read(connection, role).orElse(null);
    }
    if (found == null) {
      return Optional.empty();
    }
    refuseUnlessMigrationOnly(found, uri, side);
    String name = Identifier.quote(role);
    for (String database : found.databases()) {
      try (Connection connection = Connections.open(uri.withDatabase(database), side);
          Statement statement = connection.createStatement()) {
        statement.execute("DROP OWNED BY " + name);
      }
    }
    try (Connection connection = Connections.open(uri, side);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP ROLE " + name);
    }
    return Optional.of(
        "dropped role "
            + role
            + " on the "
            + side
            + (found.databases().isEmpty()
                ? ""
                : " (its privileges revoked in " + String.join(", ", found.databases()) + ")"));
  }

  private static void refuseUnlessMigrationOnly(MigrationRole role, PgUri uri, String side) {
    String where = "role " + role.name() + " on the " + side;
    if (role.name().equals(uri.user())) {
      throw new Refused(
          "cannot drop "
              + where
              + " while connected as it: give the --"
              + side
              + " URI of another role that may drop roles");
    }
    if (role.bootstrap()) {
      throw new Refused(where + " is the superuser initdb created; it cannot be dropped");
    }
    if (!role.ownsNothing()) {
      throw new Refused(
          where
              + " owns objects ("
              + String.join(", ", role.owned())
              + "), so it is not a migration-only role; give them to another role first"
              + " (REASSIGN OWNED BY "
              + Identifier.quote(role.name())
              + " TO <owner>; in each of those databases), or keep the role");
    }
    if (role.sessions() > 0) {
      throw new Refused(
          where
              + " has "
              + role.sessions()
              + " open sessions; it is still in use. Stop them (the migration's connectors"
              + " included), then try again");
    }
  }
}
