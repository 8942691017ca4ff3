package io.pgcarry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code cleanup --drop-role}: a migration-only role is dropped with its privileges in every
 * database; a role that owns objects or is in use is refused, with nothing changed.
 */
class CleanupRoleIT {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void dropsAMigrationOnlyRoleAndRefusesOneThatOwnsObjectsOrIsConnected() throws Exception {
    LocalPostgres source = TestPostgres.source();
    source.recreateDatabase("role_a");
    source.recreateDatabase("role_b");
    execute(
        source,
        "postgres",
        "DROP ROLE IF EXISTS mover",
        "DROP ROLE IF EXISTS keeper",
        "CREATE ROLE mover LOGIN REPLICATION PASSWORD 'mover'",
        "CREATE ROLE keeper LOGIN");
    execute(
        source,
        "role_a",
        "CREATE TABLE t (id int PRIMARY KEY)",
        "GRANT SELECT ON t TO mover",
        "CREATE TABLE kept (id int) ",
        "ALTER TABLE kept OWNER TO keeper");
    execute(source, "role_b", "CREATE TABLE u (id int)", "GRANT SELECT, INSERT ON u TO mover");
    String admin = source.uri("postgres");

    int owner = run("cleanup", "--source", admin, "--drop-role", "keeper");
    assertThat(owner).as(err.toString()).isEqualTo(1);
    assertThat(err.toString()).contains("role keeper on the source owns objects (role_a: 1)");

    try (Connection session =
        DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + source.port() + "/role_a", "mover", "mover")) {
      int busy = run("cleanup", "--source", admin, "--drop-role", "mover");
      assertThat(busy).as(err.toString()).isEqualTo(1);
      assertThat(err.toString()).contains("role mover on the source has 1 open sessions");
    }
    assertThat(roleExists(source, "mover")).isTrue();
    // A closed session's server process goes away a moment after the client.
    WaitFor.condition(
        Duration.ofSeconds(30),
        "the session of mover to end",
        () -> sessions(source, "mover") == 0,
        err::toString);

    int dropped = run("cleanup", "--source", admin, "--drop-role", "mover");

    assertThat(dropped).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("dropped role mover on the source (its privileges revoked in role_a, role_b)");
    assertThat(roleExists(source, "mover")).isFalse();
    assertThat(roleExists(source, "keeper")).isTrue();
    assertThat(run("cleanup", "--source", admin, "--drop-role", "mover"))
        .as("a role that is gone is named, not silently skipped")
        .isEqualTo(1);
    assertThat(err.toString()).contains("role mover exists on neither server given (--source)");
  }

  private int run(String... args) {
    return PgcarryCli.run(out, err, args);
  }

  private static int sessions(LocalPostgres server, String role) throws Exception {
    try (Connection c = server.connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + role + "'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static boolean roleExists(LocalPostgres server, String role) throws Exception {
    try (Connection c = server.connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "'")) {
      rs.next();
      return rs.getInt(1) == 1;
    }
  }

  private static void execute(LocalPostgres server, String database, String... statements)
      throws Exception {
    try (Connection c = server.connect(database);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }
}
