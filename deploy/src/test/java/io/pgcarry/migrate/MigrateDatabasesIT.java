package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.migrate.state.MigrationStatus;
import io.pgcarry.migrate.state.WorkDir;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two databases of one source server in one run: one slot, publication and pair of connectors each,
 * in one Kafka broker and Connect worker; status shows the tables of both; writes to both while
 * streaming reach their targets (one renamed by the mapping, both created by the run); one cutover
 * ends both. With --keep-bookkeeping the position tables stay. With --capture-ddl, each database
 * has its own capture, and DDL in each reaches its own target only.
 */
class MigrateDatabasesIT {

  private static final String NAME = "two_dbs";
  private static final List<String> SOURCES = List.of("multi_a", "Multi-B");
  private static final List<String> TARGETS = List.of("multi_a_moved", "Multi-B");

  @Test
  void migratesTwoDatabasesWithWritesToBothAndCutsThemOverTogether() throws Exception {
    LocalPostgres source = TestPostgres.source();
    LocalPostgres target = TestPostgres.target();
    for (int i = 0; i < 2; i++) {
      source.recreateDatabase(SOURCES.get(i));
      dropDatabase(target, TARGETS.get(i));
      execute(
          source,
          SOURCES.get(i),
          "CREATE TABLE item (id int PRIMARY KEY, db text NOT NULL, n int NOT NULL)",
          "CREATE SEQUENCE ticket START " + (100 * (i + 1)),
          "INSERT INTO item SELECT g, current_database(), g FROM generate_series(1, 500) g");
    }
    assertThat(SourceDatabases.list(PgUri.parse(source.uri("postgres"))))
        .as("what --all-databases takes")
        .contains("postgres", "multi_a", "Multi-B")
        .doesNotContain("template0", "template1");
    Path workDir = Files.createTempDirectory("databases-it");
    Path mapping = Path.of(getClass().getResource("/mapping/two-databases.yaml").toURI());
    StringWriter output = new StringWriter();
    CompletableFuture<Integer> migrate =
        PgcarryCli.start(
            output,
            "migrate",
            "--source",
            source.uri("postgres"),
            "--target",
            target.uri("postgres"),
            "--databases",
            String.join(",", SOURCES),
            "--name",
            NAME,
            "--mapping",
            mapping.toString(),
            "--keep-bookkeeping",
            "--capture-ddl",
            "--cutover-timeout",
            "PT60S",
            "--work-dir",
            workDir.toString());
    WorkDir dir = new WorkDir(workDir, NAME);
    PgcarryCli.awaitStep(dir, Step.STREAMING, migrate, Duration.ofMinutes(6), output);
    assertThat(dir.readStatus().orElseThrow().tables())
        .extracting(MigrationStatus.TableProgress::table)
        .containsExactlyInAnyOrder("multi_a: public.item", "Multi-B: public.item");
    assertThat(
            value(
                source,
                "postgres",
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name"
                    + " IN ('pgcarry_two_dbs_multi_a', 'pgcarry_two_dbs_multi_b')"))
        .as("one slot per database")
        .isEqualTo("2");

    for (String database : SOURCES) {
      execute(
          source,
          database,
          "ALTER TABLE item ADD COLUMN origin text DEFAULT current_database()",
          "CREATE TABLE extra (id int PRIMARY KEY, db text)",
          "INSERT INTO extra SELECT g, current_database() FROM generate_series(1, 7) g",
          "INSERT INTO item SELECT g, current_database(), g FROM generate_series(501, 600) g",
          "UPDATE item SET n = n * 10 WHERE id % 7 = 0",
          "DELETE FROM item WHERE id % 11 = 0",
          "SELECT nextval('ticket')");
    }
    WaitFor.condition(
        Duration.ofMinutes(1),
        "the first database's DDL and writes on its target",
        () -> "7".equals(valueOrNull(target, TARGETS.get(0), "SELECT count(*) FROM extra")),
        output::toString);
    // Each database is verified online under its own migration; a URI of no database of the run
    // is refused, naming them.
    assertThat(verifyOnline(output, workDir, source.uri("postgres"), target.uri("postgres")))
        .isEqualTo(2);
    assertThat(output.toString())
        .contains("migrates the databases multi_a, Multi-B; --source names postgres");
    assertThat(
            verifyOnline(output, workDir, source.uri(SOURCES.get(0)), target.uri(TARGETS.get(1))))
        .isEqualTo(2);
    assertThat(output.toString())
        .contains("database multi_a of migration two_dbs migrates into multi_a_moved");
    assertThat(
            verifyOnline(output, workDir, source.uri(SOURCES.get(0)), target.uri(TARGETS.get(0))))
        .as(output.toString())
        .isZero();
    assertThat(output.toString()).contains("2 tables, 2 identical, 0 differ, 0 not verified");

    try (Connection blocker = target.connect(TARGETS.get(1));
        Statement s = blocker.createStatement()) {
      // The second database's sink cannot apply its changes while this lock is held.
      blocker.setAutoCommit(false);
      s.execute("LOCK TABLE item IN EXCLUSIVE MODE");
      execute(source, SOURCES.get(1), "INSERT INTO item VALUES (9999, current_database(), 1)");
      assertThat(
              PgcarryCli.run(output, "cutover", "--name", NAME, "--work-dir", workDir.toString()))
          .as(output.toString())
          .isEqualTo(1);
      assertThat(output.toString()).contains("cutover failed: timed out after 60 s");
      assertThat(
              value(
                  source,
                  "postgres",
                  "SELECT count(*) FROM pg_replication_slots WHERE slot_name"
                      + " IN ('pgcarry_two_dbs_multi_a', 'pgcarry_two_dbs_multi_b')"))
          .as("neither database's replication ended")
          .isEqualTo("2");
      blocker.rollback();
    }
    WaitFor.condition(
        Duration.ofMinutes(1),
        "migrate to stream again after the failed cutover",
        () -> dir.readStatus().map(st -> st.step() == Step.STREAMING).orElse(false),
        output::toString);
    assertThat(PgcarryCli.run(output, "cutover", "--name", NAME, "--work-dir", workDir.toString()))
        .as(output.toString())
        .isZero();
    assertThat(migrate.get(2, TimeUnit.MINUTES)).as(output.toString()).isZero();

    assertThat(output.toString())
        .contains("cutover of 2 databases complete")
        .contains("multi_a: online verification ")
        .contains("of 2 chunks, 2 untouched since compared")
        .contains("multi_a: connectors deleted, DDL capture removed, slot pgcarry_two_dbs_multi_a")
        .contains("Multi-B: connectors deleted, DDL capture removed, slot pgcarry_two_dbs_multi_b");
    for (int i = 0; i < 2; i++) {
      String rows = "SELECT count(*) || ':' || sum(n) || ':' || min(db) FROM item";
      assertThat(value(target, TARGETS.get(i), rows))
          .isEqualTo(value(source, SOURCES.get(i), rows))
          .endsWith(":" + SOURCES.get(i));
      String added = "SELECT count(DISTINCT origin) || ':' || min(origin) FROM item";
      assertThat(value(target, TARGETS.get(i), added))
          .as("the column added while streaming, filled as on the source")
          .isEqualTo(value(source, SOURCES.get(i), added));
      String extra = "SELECT count(*) || ':' || min(db) FROM extra";
      assertThat(value(target, TARGETS.get(i), extra))
          .isEqualTo(value(source, SOURCES.get(i), extra))
          .isEqualTo("7:" + SOURCES.get(i));
      assertThat(value(target, TARGETS.get(i), "SELECT last_value FROM ticket"))
          .isEqualTo(Integer.toString(100 * (i + 1)));
      assertThat(value(target, TARGETS.get(i), "SELECT count(*) FROM pgcarry.applied_position"))
          .as("--keep-bookkeeping keeps the positions")
          .isNotEqualTo("0");
    }
    assertThat(
            value(
                source,
                "postgres",
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE 'pgcarry_two_dbs%'"))
        .isEqualTo("0");
  }

  private static int verifyOnline(
      StringWriter output, Path workDir, String sourceUri, String targetUri) {
    return PgcarryCli.run(
        output,
        "verify",
        "--online",
        "--name",
        NAME,
        "--source",
        sourceUri,
        "--target",
        targetUri,
        "--work-dir",
        workDir.toString());
  }

  /** The query's one value, or null while the relation it reads does not exist. */
  private static String valueOrNull(LocalPostgres server, String database, String sql) {
    try {
      return value(server, database, sql);
    } catch (Exception e) {
      return null;
    }
  }

  private static void dropDatabase(LocalPostgres server, String database) throws Exception {
    execute(server, "postgres", "DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
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

  private static String value(LocalPostgres server, String database, String sql) throws Exception {
    try (Connection c = server.connect(database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
