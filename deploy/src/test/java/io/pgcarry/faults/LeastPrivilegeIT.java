package io.pgcarry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.deploy.testing.TableComparison;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.migrate.Step;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A whole migration, under a sustained write load, with the roles precheck asks for and nothing
 * more: on the source a role with REPLICATION and no superuser, the tables owned by the
 * application's role; on the target a role that is neither superuser nor CREATEDB. Precheck names
 * every privilege missing with the statement that grants it; the test runs exactly those statements
 * (the publication's as the tables' owner, the others as an administrator) but one GRANT, and
 * precheck then fails with exactly that GRANT; with it run, precheck passes and so does the
 * migration: the target equals the source after cutover. A cutover with {@code --fallback} is
 * refused first, before anything ends (exit 1), naming what the way back would need beyond that:
 * the old server's role writing the tables, a replication role on the new server. On PostgreSQL 15
 * and with a source of PostgreSQL 12.
 */
class LeastPrivilegeIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OWNER = "lp_owner";
  private static final String CARRY = "lp_carry";
  private static final String TARGET = "lp_target";

  @ParameterizedTest(name = "source PostgreSQL {0}")
  @ValueSource(ints = {15, 12})
  void migratesWithThePrivilegesPrecheckAsksForAndNoMore(int major) throws Exception {
    LocalPostgres source = TestPostgres.server("source", major);
    LocalPostgres target = TestPostgres.target();
    String name = "lp" + major + "_it";
    source.recreateDatabase(name);
    roles(source, target);
    superuser(source, name, "ALTER DATABASE " + name + " OWNER TO " + OWNER);
    MigrationUnderLoad.dropTarget(target, name + "_copy");
    WriteLoad.initialize(source, name, OWNER, OWNER, 1);
    try (Connection c = connect(source, name, OWNER, OWNER);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE lp_orders (id serial PRIMARY KEY, note text)");
      s.execute("INSERT INTO lp_orders (note) SELECT 'n' || i FROM generate_series(1, 100) i");
    }
    String sourceUri = uri(source, CARRY, name);
    String targetUri = uri(target, TARGET, name + "_copy");
    String withheld = "GRANT SELECT ON TABLE public.pgbench_history TO " + CARRY + ";";

    List<String> applied =
        grantWhatPrecheckAsks(source, target, name, sourceUri, targetUri, withheld);
    assertThat(applied).anyMatch(s -> s.startsWith("CREATE PUBLICATION"));
    JsonNode report = precheck(sourceUri, targetUri);
    assertThat(errors(report))
        .as(report::toPrettyString)
        .extracting(f -> f.path("fix").asText())
        .containsExactly(withheld);

    superuser(source, name, withheld);
    assertThat(precheck(sourceUri, targetUri).path("ok").asBoolean()).isTrue();
    assertNoAdministrativeRole(source, target);

    try (MigrationUnderLoad migration =
        MigrationUnderLoad.migrating(source, target, name, sourceUri, targetUri)) {
      migration.load.start();
      migration.startMigrate().awaitStep(Step.STREAMING, MigrationUnderLoad.STEP_TIMEOUT);
      migration.markerApplied(MigrationUnderLoad.STEP_TIMEOUT);
      // A way back needs more than a migration: the old server's role must write its tables.
      StringWriter refused = new StringWriter();
      assertThat(
              PgcarryCli.run(
                  refused,
                  "cutover",
                  "--name",
                  name,
                  "--work-dir",
                  migration.workDir.toString(),
                  "--fallback"))
          .as(refused::toString)
          .isEqualTo(1);
      assertThat(refused.toString())
          .contains("cannot cut over with --fallback, nothing was ended")
          .contains("role " + CARRY + " cannot write")
          .contains("GRANT INSERT, UPDATE, DELETE, TRUNCATE ON those tables TO " + CARRY)
          .contains("ALTER ROLE " + TARGET + " REPLICATION;");
      migration.markerApplied(MigrationUnderLoad.STEP_TIMEOUT);
      migration.cutover();
      TableComparison comparison = migration.finalComparison();
      assertThat(comparison.equal()).as(comparison::toString).isTrue();
      assertThat(migration.process().log())
          .contains("publication pgcarry_" + name + " belongs to role " + OWNER);
    }
  }

  /**
   * Runs precheck and the statements it asks for, until it asks for nothing but {@code withheld}.
   *
   * @return the statements run
   */
  private static List<String> grantWhatPrecheckAsks(
      LocalPostgres source,
      LocalPostgres target,
      String database,
      String sourceUri,
      String targetUri,
      String withheld)
      throws Exception {
    List<String> applied = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      List<String> todo = new ArrayList<>();
      for (JsonNode error : errors(precheck(sourceUri, targetUri))) {
        String check = error.path("check").asText();
        for (String statement : error.path("fix").asText().split("\n")) {
          if (statement.isBlank() || statement.equals(withheld)) {
            continue;
          }
          todo.add(statement);
          if (statement.startsWith("CREATE PUBLICATION")) {
            // The tables' owner publishes them: the migration role cannot.
            try (Connection c = connect(source, database, OWNER, OWNER);
                Statement s = c.createStatement()) {
              s.execute(statement);
            }
          } else if (check.startsWith("target")) {
            superuser(target, "postgres", statement);
          } else {
            superuser(source, database, statement);
          }
        }
      }
      if (todo.isEmpty()) {
        return applied;
      }
      applied.addAll(todo);
    }
    throw new AssertionError("precheck kept asking for more: " + applied);
  }

  private static JsonNode precheck(String sourceUri, String targetUri) throws Exception {
    PgcarryCli.Run run =
        PgcarryCli.run("precheck", "--source", sourceUri, "--target", targetUri, "--json");
    assertThat(run.code()).as(run::toString).isIn(0, 1);
    return JSON.readTree(run.out());
  }

  private static List<JsonNode> errors(JsonNode report) {
    List<JsonNode> errors = new ArrayList<>();
    report
        .path("findings")
        .forEach(
            f -> {
              if (f.path("level").asText().equals("ERROR")) {
                errors.add(f);
              }
            });
    return errors;
  }

  /** The roles anew; the source database was just created again, so they own nothing there. */
  private static void roles(LocalPostgres source, LocalPostgres target) throws Exception {
    for (String role : List.of(OWNER, CARRY)) {
      dropRole(source, role);
    }
    superuser(source, "postgres", "CREATE ROLE " + OWNER + " LOGIN PASSWORD '" + OWNER + "'");
    superuser(
        source, "postgres", "CREATE ROLE " + CARRY + " LOGIN REPLICATION PASSWORD '" + CARRY + "'");
    superuser(target, "postgres", "DROP DATABASE IF EXISTS lp15_it_copy WITH (FORCE)");
    superuser(target, "postgres", "DROP DATABASE IF EXISTS lp12_it_copy WITH (FORCE)");
    dropRole(target, TARGET);
    superuser(target, "postgres", "CREATE ROLE " + TARGET + " LOGIN PASSWORD '" + TARGET + "'");
  }

  private static void dropRole(LocalPostgres server, String role) throws Exception {
    superuser(
        server,
        "postgres",
        "DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '"
            + role
            + "') THEN EXECUTE 'DROP OWNED BY "
            + role
            + "'; EXECUTE 'DROP ROLE "
            + role
            + "'; END IF; END $$");
  }

  private static void assertNoAdministrativeRole(LocalPostgres source, LocalPostgres target)
      throws Exception {
    String query =
        "SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolbypassrls FROM pg_roles"
            + " WHERE rolname = ";
    try (Connection c = source.connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query + "'" + CARRY + "'")) {
      rs.next();
      assertThat(rs.getBoolean(1)).as(CARRY + " has an administrative attribute").isFalse();
    }
    try (Connection c = target.connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query + "'" + TARGET + "'")) {
      rs.next();
      assertThat(rs.getBoolean(1)).as(TARGET + " has an administrative attribute").isFalse();
    }
  }

  private static void superuser(LocalPostgres server, String database, String sql)
      throws Exception {
    try (Connection c = server.connect(database);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static Connection connect(LocalPostgres server, String database, String user, String pw)
      throws Exception {
    return DriverManager.getConnection(server.jdbcUrl(database), user, pw);
  }

  private static String uri(LocalPostgres server, String role, String database) {
    return "postgresql://" + role + ":" + role + "@127.0.0.1:" + server.port() + "/" + database;
  }
}
