package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.migrate.cleanup.AccountLeftovers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a source account leaves behind after cutover: a migration-only role gets the statements that
 * drop it in every database where it holds privileges; a role that owns objects is the
 * application's, and only its REPLICATION attribute is the migration's; a superuser gets nothing.
 */
class AccountLeftoversIT {

  @Test
  void printsWhatDropsAMigrationOnlyRoleAndNeverDropsTheApplicationsRole() throws Exception {
    LocalPostgres source = TestPostgres.source();
    source.recreateDatabase("leftovers");
    try (Connection c = source.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP ROLE IF EXISTS leftover_mover");
      s.execute("DROP ROLE IF EXISTS leftover_app");
      s.execute("CREATE ROLE leftover_mover LOGIN REPLICATION PASSWORD 'pw'");
      s.execute("CREATE ROLE leftover_app LOGIN REPLICATION PASSWORD 'pw'");
    }
    try (Connection c = source.connect("leftovers");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id int PRIMARY KEY)");
      s.execute("GRANT SELECT ON t TO leftover_mover");
      s.execute("CREATE TABLE owned (id int)");
      s.execute("ALTER TABLE owned OWNER TO leftover_app");
    }

    List<String> mover = statements(source, "leftover_mover");
    List<String> app = statements(source, "leftover_app");
    List<String> superuser = statements(source, LocalPostgres.SUPERUSER);

    assertThat(mover)
        .contains("-- in database leftovers:", "DROP OWNED BY leftover_mover;")
        .endsWith("DROP ROLE leftover_mover;");
    assertThat(mover.get(0)).contains("--drop-role leftover_mover");
    assertThat(app).containsExactly(app.get(0), "ALTER ROLE leftover_app NOREPLICATION;");
    assertThat(app.get(0)).contains("owns objects");
    assertThat(superuser).isEmpty();
  }

  private static List<String> statements(LocalPostgres server, String role) throws Exception {
    PgUri uri =
        new PgUri(
            role,
            role.equals(LocalPostgres.SUPERUSER) ? LocalPostgres.SUPERUSER : "pw",
            "127.0.0.1",
            server.port(),
            "leftovers",
            java.util.Map.of());
    try (Connection c = DriverManager.getConnection(uri.jdbcUrl(), uri.jdbcProperties())) {
      return AccountLeftovers.statements(c, uri);
    }
  }
}
