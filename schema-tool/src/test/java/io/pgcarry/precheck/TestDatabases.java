package io.pgcarry.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableSelection;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.PostgresInstallation;
import io.pgcarry.local.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Servers and databases for the precheck integration tests: servers are shared by the whole JVM,
 * every test makes its own databases and roles.
 */
public final class TestDatabases {

  /** Databases made by {@link #database}, to drop when a test class ends. */
  private static final Map<String, Set<String>> CREATED = new ConcurrentHashMap<>();

  private static final Map<String, LocalPostgres> SERVERS = new ConcurrentHashMap<>();

  private TestDatabases() {}

  public static LocalPostgres source() {
    return TestPostgres.server("precheck-src", 15);
  }

  public static LocalPostgres target() {
    return TestPostgres.server("precheck-dst", 15);
  }

  /**
   * Starts a server of this test class's own, which it stops with {@link #stop}.
   *
   * @param settings extra settings over the local server defaults
   */
  public static LocalPostgres start(int major, Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(settings);
    all.putIfAbsent("log_min_messages", "warning");
    return LocalPostgres.start(
        PostgresInstallation.find(major),
        Path.of(System.getProperty("java.io.tmpdir"), "pgcarry-test-servers"),
        all);
  }

  /** Stops a server from {@link #start} and forgets its databases. */
  public static void stop(LocalPostgres server) {
    String key = Integer.toString(server.port());
    CREATED.remove(key);
    SERVERS.remove(key);
    server.close();
  }

  /**
   * Drops every database {@link #database} made, so that the shared servers end the run small: the
   * JVM stops them at exit, and a long stop would be cut short.
   */
  public static void dropCreated() throws SQLException {
    for (Map.Entry<String, Set<String>> entry : CREATED.entrySet()) {
      LocalPostgres server = SERVERS.get(entry.getKey());
      for (String name : entry.getValue()) {
        String quoted = Identifier.quote(name);
        execute(
            server,
            "postgres",
            server.major() >= 13
                ? "DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)"
                : "DROP DATABASE IF EXISTS " + quoted);
      }
      entry.getValue().clear();
    }
  }

  /** Recreates a database, runs statements in it as the superuser, and returns its URI. */
  public static PgUri database(LocalPostgres server, String name, String... statements)
      throws SQLException {
    if (server.major() >= 13) {
      server.recreateDatabase(name);
    } else {
      // DROP DATABASE ... WITH (FORCE) arrived in 13.
      String quoted = Identifier.quote(name);
      execute(server, "postgres", "DROP DATABASE IF EXISTS " + quoted, "CREATE DATABASE " + quoted);
    }
    String key = Integer.toString(server.port());
    SERVERS.put(key, server);
    CREATED.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(name);
    execute(server, name, statements);
    return PgUri.parse(server.uri(name));
  }

  /** Runs statements in a database as the superuser, each in its own transaction. */
  public static void execute(LocalPostgres server, String database, String... statements)
      throws SQLException {
    try (Connection connection = server.connect(database);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /**
   * Reloads the server's configuration files and waits until new sessions see them:
   * pg_reload_conf() only signals the postmaster, which rereads the files (pg_hba.conf included) in
   * its own time. A new session reports the postmaster's last load time.
   *
   * @see <a
   *     href="https://www.postgresql.org/docs/current/functions-info.html">pg_conf_load_time</a>
   */
  public static void reloadConfiguration(LocalPostgres server) throws SQLException {
    Instant before = configurationLoadTime(server);
    execute(server, "postgres", "SELECT pg_reload_conf()");
    WaitFor.condition(
        Duration.ofSeconds(30),
        "PostgreSQL on port " + server.port() + " to reload its configuration",
        () -> configurationLoadTime(server).isAfter(before));
  }

  private static Instant configurationLoadTime(LocalPostgres server) throws SQLException {
    try (Connection connection = server.connect("postgres");
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT pg_conf_load_time()")) {
      rs.next();
      return rs.getTimestamp(1).toInstant();
    }
  }

  /** The same database as another role. */
  public static PgUri as(PgUri uri, String user, String password) {
    return new PgUri(user, password, uri.host(), uri.port(), uri.database(), uri.parameters());
  }

  public static PrecheckReport precheck(PgUri source, PgUri target) {
    return new Precheck(source, target, TableSelection.all()).run();
  }

  public static PrecheckReport precheck(PgUri source, PgUri target, PrecheckSettings settings) {
    return new Precheck(source, target, TableSelection.all(), settings).run();
  }

  /** The findings of one check about one object. */
  public static List<Finding> about(PrecheckReport report, String check, String object) {
    return report.findings().stream()
        .filter(f -> f.check().equals(check) && f.object().equals(object))
        .toList();
  }

  /** The one finding of a check about an object, asserting its level. */
  public static Finding the(PrecheckReport report, Level level, String check, String object) {
    List<Finding> found = about(report, check, object);
    assertThat(found)
        .as("findings of %s about %s in%n%s", check, object, report.toText())
        .hasSize(1);
    assertThat(found.get(0).level()).as(report.toText()).isEqualTo(level);
    return found.get(0);
  }
}
