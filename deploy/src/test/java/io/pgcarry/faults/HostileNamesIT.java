package io.pgcarry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.deploy.testing.TableComparison;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.state.WorkDir;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile names in every position a migration meets them — the database, schemas, tables and
 * columns: quotes, spaces, semicolons with SQL after them, unicode, reserved words, 63-byte names.
 * The migration is exact (rows loaded, then changes streamed, cutover, every table compared), which
 * it could not be if any name were interpolated into SQL unquoted. Two tables whose names differ
 * only where a Kafka topic name cannot hold the character would share a topic: precheck refuses
 * them, naming both, and with one of them gone the migration runs.
 */
class HostileNamesIT {

  private static final String DATABASE = "hostile \"db\"; drop database postgres;--";
  private static final String LONG = "l".repeat(63);
  private static final List<String> SETUP =
      List.of(
          "CREATE SCHEMA \"Sch\"\"ema; DROP TABLE x;--\"",
          "CREATE TABLE \"Sch\"\"ema; DROP TABLE x;--\".\"ta ble\" (id int PRIMARY KEY,"
              + " \"co\"\"l\" text, \"select\" int, \"from\" text)",
          "CREATE SCHEMA \"ünïcödé\"",
          "CREATE TABLE \"ünïcödé\".\"tâble_ß\" (\"ñ\" int, \"émoji 🐘\" text)",
          "ALTER TABLE \"ünïcödé\".\"tâble_ß\" REPLICA IDENTITY FULL",
          "CREATE TABLE public.\"order\" (\"user\" int PRIMARY KEY, \"" + LONG + "\" text)",
          "CREATE TABLE public." + LONG + " (id int PRIMARY KEY, v text)",
          "CREATE TABLE public.\"a b\" (id int PRIMARY KEY, v text)",
          "CREATE TABLE public.a_b (id int PRIMARY KEY, v text)",
          "INSERT INTO \"Sch\"\"ema; DROP TABLE x;--\".\"ta ble\""
              + " SELECT i, 'it''s \"quoted\"; --', i, 'tab\there' FROM generate_series(1, 500) i",
          "INSERT INTO \"ünïcödé\".\"tâble_ß\" SELECT i % 7, 'ß🐘' FROM generate_series(1, 300) i",
          "INSERT INTO public.\"order\" SELECT i, repeat('x', i) FROM generate_series(1, 200) i",
          "INSERT INTO public." + LONG + " SELECT i, 'long' FROM generate_series(1, 100) i",
          "INSERT INTO public.\"a b\" SELECT i, 'space' FROM generate_series(1, 50) i",
          "INSERT INTO public.a_b SELECT i, 'underscore' FROM generate_series(1, 60) i");
  private static final List<String> CHANGES =
      List.of(
          "UPDATE \"Sch\"\"ema; DROP TABLE x;--\".\"ta ble\" SET \"co\"\"l\" = 'new; drop'"
              + " WHERE id % 3 = 0",
          "DELETE FROM \"Sch\"\"ema; DROP TABLE x;--\".\"ta ble\" WHERE id % 5 = 0",
          "UPDATE \"Sch\"\"ema; DROP TABLE x;--\".\"ta ble\" SET id = id + 1000 WHERE id = 7",
          "DELETE FROM \"ünïcödé\".\"tâble_ß\" WHERE ctid = (SELECT ctid FROM \"ünïcödé\".\"tâble_ß\""
              + " WHERE \"ñ\" = 3 LIMIT 1)",
          "INSERT INTO \"ünïcödé\".\"tâble_ß\" VALUES (3, 'ß🐘'), (3, 'ß🐘')",
          "UPDATE public.\"order\" SET \"" + LONG + "\" = 'changed' WHERE \"user\" < 20",
          "DELETE FROM public." + LONG + " WHERE id > 90",
          "UPDATE public.\"a b\" SET v = 'moved' WHERE id < 10");

  @Test
  void migratesHostileNamesExactly() throws Exception {
    LocalPostgres source = TestPostgres.source();
    LocalPostgres target = TestPostgres.target();
    source.recreateDatabase(DATABASE);
    MigrationUnderLoad.dropTarget(target, DATABASE + " copy");
    run(source, SETUP);
    PgcarryCli.Run precheck =
        PgcarryCli.run(
            "precheck",
            "--name",
            "hostile_it",
            "--source",
            source.uri(encode(DATABASE)),
            "--target",
            target.uri(encode(DATABASE + " copy")));
    assertThat(precheck.code()).as(precheck::toString).isEqualTo(1);
    assertThat(precheck.out())
        .as(precheck::toString)
        .contains("[topic-names]")
        .contains("public.\"a b\", public.a_b");
    run(source, List.of("DROP TABLE public.a_b"));
    Path workDir = Files.createTempDirectory("pgcarry-hostile");
    WorkDir dir = new WorkDir(workDir, "hostile_it");
    MigrateProcess process =
        MigrateProcess.start(
            List.of(
                "migrate",
                "--source",
                source.uri(encode(DATABASE)),
                "--target",
                target.uri(encode(DATABASE + " copy")),
                "--name",
                "hostile_it",
                "--work-dir",
                workDir.toString()),
            dir,
            workDir.resolve("migrate.log"));
    try {
      process.awaitStep(Step.STREAMING, MigrationUnderLoad.STEP_TIMEOUT);
      run(source, CHANGES);
      PgcarryCli.Run cutover =
          PgcarryCli.run("cutover", "--name", "hostile_it", "--work-dir", workDir.toString());
      assertThat(cutover.code()).as(() -> cutover + process.log()).isZero();
      assertThat(process.waitFor(Duration.ofMinutes(2))).as(process::log).isZero();
    } finally {
      if (process.isAlive()) {
        process.kill();
      }
    }
    try (Connection s = source.connect(encode(DATABASE));
        Connection t = target.connect(encode(DATABASE + " copy"))) {
      TableComparison comparison = TableComparison.of(s, t);
      assertThat(comparison.equal()).as(comparison::toString).isTrue();
      assertThat(comparison.rows()).isGreaterThan(1_000);
    }
  }

  private static void run(LocalPostgres source, List<String> statements) throws Exception {
    try (Connection c = source.connect(encode(DATABASE));
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static String encode(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
