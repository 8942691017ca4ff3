package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.stream.AppliedPosition;
import io.pgcarry.common.stream.PositionTable;
import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.deploy.testing.TableComparison;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.migrate.state.MigrationStatus;
import io.pgcarry.migrate.state.WorkDir;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The way back after a cutover: {@code cutover --fallback} under a write load, the application
 * writing on the new server (inserts, updates, deletes, a keyless table of duplicate rows, TOASTed
 * values changed and left unchanged, sequences), then {@code fallback}: the old server equals the
 * new one row for row, sequences included, and nothing of pgcarry is left on either. Then a second
 * migration ended by {@code finish}, after {@code fallback} was refused while it still streamed
 * forward. Last, a way back whose {@code migrate} stopped: {@code status --target} warns of its
 * slot on the new server, {@code cleanup} removes it. Prints how long {@code fallback} took.
 */
class FallbackIT {

  private static final String SCHEMA =
      """
      CREATE TABLE account (id serial PRIMARY KEY, balance int NOT NULL, note text);
      CREATE TABLE doc (id int PRIMARY KEY, title text, body text);
      CREATE TABLE tally (k int, v text);
      ALTER TABLE tally REPLICA IDENTITY FULL;
      CREATE SEQUENCE ticket START 500;
      INSERT INTO account (balance, note) SELECT g, 'n' || g FROM generate_series(1, 2000) g;
      INSERT INTO doc SELECT g, 't' || g,
        (SELECT string_agg(md5(g::text || i::text), '') FROM generate_series(1, 300) i)
        FROM generate_series(1, 20) g;
      INSERT INTO tally SELECT g % 5, 'same' FROM generate_series(1, 40) g;
      """;

  @Test
  void fallsBackWithEveryWriteOfTheNewServerThenFinishesAnotherLeavingNothingBehind()
      throws Exception {
    LocalPostgres source = TestPostgres.source();
    LocalPostgres target = TestPostgres.target();
    Path workDir = Files.createTempDirectory("fallback-it");

    String name = "fallback_it";
    StringWriter output = new StringWriter();
    CompletableFuture<Integer> migrate = start(name, workDir, output, "--capture-ddl");
    WorkDir dir = new WorkDir(workDir, name);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong written = new AtomicLong();
    CompletableFuture<Void> load = CompletableFuture.runAsync(() -> writeLoad(name, stop, written));
    PgcarryCli.awaitStep(dir, Step.STREAMING, migrate, Duration.ofMinutes(4), output);
    long before = written.get();
    WaitFor.condition(
        Duration.ofMinutes(1),
        "the load to write while streaming",
        () -> written.get() > before + 50);
    stop.set(true);
    load.get(1, TimeUnit.MINUTES);
    execute(
        source,
        name,
        "DROP ROLE IF EXISTS fallback_it_app",
        "CREATE ROLE fallback_it_app LOGIN",
        "GRANT INSERT ON account TO fallback_it_app");

    assertThat(
            cli(output, "cutover", "--name", name, "--work-dir", workDir.toString(), "--fallback"))
        .as(output::toString)
        .isZero();
    assertThat(output.toString())
        .contains("fallback publication and slot pgcarry_fallback_it_fallback created")
        .contains("the way back streams")
        .contains("warning: roles fallback_it_app can still write the migrated tables");
    assertThat(migrate).as("migrate streams back").isNotDone();
    assertThat(
            value(
                source,
                name,
                "SELECT count(*) FROM pg_replication_slots"
                    + " WHERE slot_name = 'pgcarry_fallback_it'"))
        .as("the forward slot is gone")
        .isEqualTo("0");

    execute(
        target,
        name + "_copy",
        "INSERT INTO account (balance, note) SELECT g, 'new' FROM generate_series(1, 300) g",
        "UPDATE account SET balance = -balance WHERE id % 7 = 0",
        "DELETE FROM account WHERE id % 11 = 0",
        "DELETE FROM tally WHERE ctid = (SELECT ctid FROM tally WHERE k = 1 LIMIT 1)",
        "INSERT INTO tally VALUES (9, 'dup'), (9, 'dup'), (9, 'dup')",
        "UPDATE tally SET v = 'changed' WHERE ctid = (SELECT ctid FROM tally WHERE k = 2 LIMIT 1)",
        "UPDATE doc SET title = 'kept body' WHERE id <= 5",
        "UPDATE doc SET body = repeat(md5('x'), 400) WHERE id = 6",
        "INSERT INTO doc SELECT 100, 'new', string_agg(md5(i::text), '') FROM generate_series(1, 400) i",
        "DELETE FROM doc WHERE id = 7",
        "SELECT nextval('ticket') FROM generate_series(1, 17)",
        // DDL on the new server travels back with --capture-ddl, where it ran among the changes.
        "ALTER TABLE account ADD COLUMN tag text DEFAULT 'kept'",
        "UPDATE account SET tag = 'moved' WHERE id % 13 = 0",
        "CREATE TABLE fresh (id int PRIMARY KEY, v text)",
        "INSERT INTO fresh SELECT g, 'f' || g FROM generate_series(1, 50) g");

    WaitFor.condition(
        Duration.ofMinutes(2),
        "status to show the way back without delay",
        () -> {
          StringWriter status = new StringWriter();
          PgcarryCli.run(status, "status", "--name", name, "--work-dir", workDir.toString());
          return status.toString().contains("reverse-streaming")
              && status.toString().contains("NO DELAY back to the old server");
        },
        output::toString);
    Instant fallbackStart = Instant.now();
    assertThat(cli(output, "fallback", "--name", name, "--work-dir", workDir.toString()))
        .as(output::toString)
        .isZero();
    System.out.printf(
        "FALLBACK FIGURES | fallback, command to exit, idle new server | %d ms |%n",
        Duration.between(fallbackStart, Instant.now()).toMillis());
    assertThat(migrate.get(2, TimeUnit.MINUTES)).as(output::toString).isZero();
    assertThat(output.toString())
        .contains("fallback complete at new server LSN")
        .contains("sequence values copied back")
        .contains("point the application at postgresql://");

    assertThat(TableComparison.fingerprints(source, name))
        .as("the old server equals the new one, row for row")
        .isEqualTo(TableComparison.fingerprints(target, name + "_copy"));
    assertThat(value(source, name, "SELECT count(*) FROM fresh"))
        .as("a table created on the new server came back with its rows")
        .isEqualTo("50");
    assertThat(value(source, name, "SELECT count(*) FROM account WHERE tag = 'moved'"))
        .as("a column added on the new server came back with its values")
        .isEqualTo(
            value(target, name + "_copy", "SELECT count(*) FROM account WHERE tag = 'moved'"))
        .isNotEqualTo("0");
    for (String sequence : new String[] {"account_id_seq", "ticket"}) {
      String sql = "SELECT last_value || ':' || is_called FROM " + sequence;
      assertThat(value(source, name, sql)).isEqualTo(value(target, name + "_copy", sql));
    }
    assertNothingLeft(source, target, name);
    execute(source, name, "DROP OWNED BY fallback_it_app", "DROP ROLE fallback_it_app");

    String other = "finish_it";
    StringWriter second = new StringWriter();
    CompletableFuture<Integer> migrateOther = start(other, workDir, second);
    PgcarryCli.awaitStep(
        new WorkDir(workDir, other), Step.STREAMING, migrateOther, Duration.ofMinutes(4), second);
    assertThat(cli(second, "fallback", "--name", other, "--work-dir", workDir.toString()))
        .as(second::toString)
        .isEqualTo(1);
    assertThat(second.toString())
        .contains("not cut over yet: run `pgcarry cutover --name finish_it --fallback` first");
    assertThat(
            cli(second, "cutover", "--name", other, "--work-dir", workDir.toString(), "--fallback"))
        .as(second::toString)
        .isZero();
    execute(target, other + "_copy", "INSERT INTO account (balance) VALUES (1), (2)");
    assertThat(cli(second, "finish", "--name", other, "--work-dir", workDir.toString()))
        .as(second::toString)
        .isZero();
    assertThat(migrateOther.get(2, TimeUnit.MINUTES)).as(second::toString).isZero();
    assertThat(second.toString()).contains("finished: the new server stays");
    assertThat(cli(second, "fallback", "--name", other, "--work-dir", workDir.toString()))
        .as("no way back once finished")
        .isEqualTo(1);
    assertThat(second.toString())
        .contains("the way back of migration finish_it was already ended by `pgcarry finish`");
    assertNothingLeft(source, target, other);
  }

  @Test
  void cleanupRemovesAWayBackLeftBehindByAMigrateThatStopped() throws Exception {
    LocalPostgres source = TestPostgres.source();
    LocalPostgres target = TestPostgres.target();
    String name = "abandoned_it";
    source.recreateDatabase(name);
    target.recreateDatabase(name + "_copy");
    execute(
        target,
        name + "_copy",
        "CREATE TABLE item (id int PRIMARY KEY)",
        "CREATE PUBLICATION pgcarry_abandoned_it_fallback FOR TABLE item",
        "SELECT pg_create_logical_replication_slot('pgcarry_abandoned_it_fallback', 'pgoutput')");
    try (Connection old = source.connect(name)) {
      PositionTable positions = new PositionTable(PositionTable.DEFAULT);
      positions.create(old);
      positions.write(
          old,
          name + "_fallback",
          List.of(AppliedPosition.start(name + "_fallback.public.item", 0)));
    }
    Path workDir = Files.createTempDirectory("abandoned-it");
    StringWriter output = new StringWriter();
    // Its migrate stopped while it streamed back, and was not started again.
    new WorkDir(workDir, name)
        .writeStatus(
            new MigrationStatus(
                name,
                Long.MAX_VALUE,
                Instant.now(),
                Step.REVERSE_STREAMING,
                "",
                List.of(),
                0,
                0,
                null,
                null,
                null));
    assertThat(
            cli(
                output,
                "status",
                "--name",
                name,
                "--work-dir",
                workDir.toString(),
                "--source",
                source.uri(name),
                "--target",
                target.uri(name + "_copy")))
        .as(output::toString)
        .isZero();
    assertThat(output.toString())
        .contains(
            "WARNING    fallback slot pgcarry_abandoned_it_fallback is not in use and makes the new"
                + " server keep")
        .contains("pgcarry cleanup --name abandoned_it --source OLD --target NEW")
        .doesNotContain("does not exist on the source");

    int code =
        cli(
            output,
            "cleanup",
            "--name",
            name,
            "--work-dir",
            workDir.toString(),
            "--source",
            source.uri(name),
            "--target",
            target.uri(name + "_copy"));

    assertThat(code).as(output::toString).isZero();
    assertThat(output.toString())
        .contains("dropped the fallback slot pgcarry_abandoned_it_fallback on the target");
    assertNothingLeft(source, target, name);
  }

  /** No slot or publication of the migration on either server, no pgcarry schema on either. */
  private static void assertNothingLeft(LocalPostgres source, LocalPostgres target, String name)
      throws Exception {
    for (LocalPostgres server : new LocalPostgres[] {source, target}) {
      String database = server == source ? name : name + "_copy";
      assertThat(
              value(
                  server,
                  database,
                  "SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE 'pgcarry_"
                      + name
                      + "%'"))
          .isEqualTo("0");
      assertThat(value(server, database, "SELECT count(*) FROM pg_publication")).isEqualTo("0");
      assertThat(value(server, database, "SELECT count(*) FROM pg_event_trigger"))
          .as("no DDL capture on " + database)
          .isEqualTo("0");
      assertThat(
              value(
                  server, database, "SELECT count(*) FROM pg_namespace WHERE nspname = 'pgcarry'"))
          .as("no bookkeeping on " + database)
          .isEqualTo("0");
    }
  }

  private static CompletableFuture<Integer> start(
      String name, Path workDir, StringWriter output, String... options) throws Exception {
    CliMigration.freshDatabases(name);
    execute(TestPostgres.source(), name, SCHEMA);
    // Its own broker and worker: no --connect-url.
    List<String> args = CliMigration.migrateArgs(name, workDir);
    args.addAll(List.of("--cutover-timeout", "PT90S"));
    args.addAll(List.of(options));
    return PgcarryCli.start(output, args.toArray(String[]::new));
  }

  /** The application on the old server until {@code stop}: inserts, updates, duplicate rows. */
  private static void writeLoad(String database, AtomicBoolean stop, AtomicLong written) {
    try (Connection c = TestPostgres.source().connect(database);
        Statement s = c.createStatement()) {
      while (!stop.get()) {
        int id = ThreadLocalRandom.current().nextInt(1, 2000);
        s.execute("INSERT INTO account (balance, note) VALUES (" + id + ", 'load')");
        s.execute("UPDATE account SET balance = balance + 1 WHERE id = " + id);
        s.execute("INSERT INTO tally VALUES (" + (id % 5) + ", 'same')");
        s.execute("SELECT nextval('ticket')");
        written.addAndGet(3);
        Thread.sleep(5);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int cli(StringWriter output, String... args) {
    return PgcarryCli.run(output, args);
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
