package io.pgcarry.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.postgres.LocalPostgres;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.testing.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Servers and databases for the precheck integration tests: servers are shared by the whole JVM,
 * every test makes its own databases and roles.
 */
final class TestDatabases {

  private TestDatabases() {}

  static LocalPostgres source() {
    return TestPostgres.server("precheck-src", 15);
  }

  static LocalPostgres target() {
    return TestPostgres.server("precheck-dst", 15);
  }

  static LocalPostgres pg12() {
    return TestPostgres.server("precheck-src", 12);
  }

  /** Recreates a database, runs statements in it as the superuser, and returns its URI. */
  static PgUri database(LocalPostgres server, String name, String... statements)
      throws SQLException {
    if (server.major() >= 13) {
      server.recreateDatabase(name);
    } else {
      // DROP DATABASE ... WITH (FORCE) arrived in 13.
      String quoted = Identifier.quote(name);
      execute(server, "postgres", "DROP DATABASE IF EXISTS " + quoted, "CREATE DATABASE " + quoted);
    }
    execute(server, name, statements);
    return PgUri.parse(server.uri(name));
  }

  /** Runs statements in a database as the superuser, each in its own transaction. */
  static void execute(LocalPostgres server, String database, String... statements)
      throws SQLException {
    try (Connection connection = server.connect(database);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** The same database as another role. */
  static PgUri as(PgUri uri, String user, String password) {
    return new PgUri(user, password, uri.host(), uri.port(), uri.database(), uri.parameters());
  }

  static PrecheckReport precheck(PgUri source, PgUri target) {
    return new Precheck(source, target, TableSelection.all()).run();
  }

  static PrecheckReport precheck(PgUri source, PgUri target, PrecheckSettings settings) {
    return new Precheck(source, target, TableSelection.all(), settings).run();
  }

  /** The findings of one check about one object. */
  static List<Finding> about(PrecheckReport report, String check, String object) {
    return report.findings().stream()
        .filter(f -> f.check().equals(check) && f.object().equals(object))
        .toList();
  }

  /** The one finding of a check about an object, asserting its level. */
  static Finding the(PrecheckReport report, Level level, String check, String object) {
    List<Finding> found = about(report, check, object);
    assertThat(found)
        .as("findings of %s about %s in%n%s", check, object, report.toText())
        .hasSize(1);
    assertThat(found.get(0).level()).as(report.toText()).isEqualTo(level);
    return found.get(0);
  }
}
