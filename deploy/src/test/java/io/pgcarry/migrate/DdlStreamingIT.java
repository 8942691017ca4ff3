package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.deploy.ConnectClient;
import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.deploy.testing.TableComparison;
import io.pgcarry.deploy.testing.WriteLoop;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.schema.SchemaDump;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DDL while streaming, through {@code migrate --capture-ddl} and {@code cutover} on a real broker
 * and Connect worker: a scripted sequence of DDL interleaved with DML, in the same transactions and
 * in separate ones, tables created with and without a key (the keyless one waits until it gets a
 * replica identity, then joins with its rows), a table renamed and one dropped. After cutover the
 * target's schema (pg_dump) and rows equal the source's, and the capture is gone from the source.
 */
class DdlStreamingIT {

  private static NamedCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = NamedCluster.start("ddl-it");
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void ddlInterleavedWithChangesEndsIdentical() throws Exception {
    LocalPostgres source = TestPostgres.source();
    String name = "ddl_it";
    CliMigration migration = start(name, List.of());
    try (Connection c = source.connect(name);
        Statement s = c.createStatement()) {
      // Column changes in their own transactions, each followed by changes that need it.
      s.execute("ALTER TABLE account ADD COLUMN tier text NOT NULL DEFAULT 'basic'");
      s.execute("UPDATE account SET tier = 'gold' WHERE id < 10");
      s.execute("INSERT INTO account (id, name, balance, tier) VALUES (1001, 'n1001', 5, 'new')");
      s.execute("ALTER TABLE account ALTER COLUMN tier SET DEFAULT 'silver'");
      s.execute("INSERT INTO account (id, name, balance) VALUES (1002, 'n1002', 6)");
      s.execute("ALTER TABLE account ALTER COLUMN tier DROP DEFAULT");
      s.execute("ALTER TABLE account ALTER COLUMN tier DROP NOT NULL");
      s.execute("INSERT INTO account (id, name, balance) VALUES (1003, 'n1003', 7)");
      s.execute("UPDATE account SET tier = 'none' WHERE tier IS NULL");
      s.execute("ALTER TABLE account ALTER COLUMN tier SET NOT NULL");
      s.execute("ALTER TABLE account DROP COLUMN note");
      s.execute("UPDATE account SET balance = balance + 1 WHERE id % 7 = 0");
      // Defaults the target would compute otherwise: once (now()) and per row (random()).
      s.execute("ALTER TABLE account ADD COLUMN created timestamptz NOT NULL DEFAULT now()");
      s.execute("ALTER TABLE account ADD COLUMN token float8 DEFAULT random()");
      s.execute("UPDATE account SET created = '2000-01-01' WHERE id = 2");
      s.execute("ALTER TABLE account ALTER COLUMN created SET DEFAULT '2001-01-01'");
      s.execute("INSERT INTO account (id, name, balance, tier) VALUES (1005, 'n1005', 9, 't')");
      // DDL and DML in one transaction.
      c.setAutoCommit(false);
      s.execute("INSERT INTO account (id, name, balance, tier) VALUES (1004, 'n1004', 8, 't')");
      s.execute("ALTER TABLE account RENAME COLUMN name TO full_name");
      s.execute("UPDATE account SET full_name = full_name || '!' WHERE id = 1");
      s.execute("ALTER TABLE account ALTER COLUMN balance TYPE numeric(12,2)");
      s.execute("UPDATE account SET balance = balance / 3 WHERE id < 20");
      s.execute(
          "CREATE TABLE orders (id serial PRIMARY KEY, account_id int REFERENCES account,"
              + " amount numeric)");
      s.execute(
          "INSERT INTO orders (account_id, amount) SELECT id, id * 2 FROM account"
              + " WHERE id <= 30");
      c.commit();
      c.setAutoCommit(true);
      // Indexes and constraints.
      s.execute("CREATE INDEX CONCURRENTLY account_tier ON account (tier)");
      s.execute("CREATE INDEX account_balance ON account (balance)");
      s.execute("DROP INDEX account_balance");
      s.execute("ALTER TABLE account ADD CONSTRAINT positive CHECK (balance >= 0)");
      s.execute("ALTER TABLE account ADD CONSTRAINT unique_name UNIQUE (full_name)");
      s.execute("ALTER TABLE account DROP CONSTRAINT positive");
      s.execute("UPDATE orders SET amount = amount + 1 WHERE id % 2 = 0");
      // Types, functions, views, sequences.
      s.execute("ALTER TYPE mood ADD VALUE 'ecstatic'");
      s.execute("ALTER TABLE account ADD COLUMN feeling mood");
      s.execute("UPDATE account SET feeling = 'ecstatic' WHERE id < 5");
      s.execute("CREATE TYPE size AS ENUM ('s', 'm', 'l')");
      s.execute(
          "CREATE FUNCTION twice(x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE"
              + " AS 'SELECT x * 2'");
      s.execute(
          "CREATE OR REPLACE VIEW rich AS SELECT id, full_name AS name, twice(balance) AS double"
              + " FROM account WHERE balance > 50");
      s.execute("CREATE SEQUENCE ticket START 100");
      s.execute("ALTER SEQUENCE ticket INCREMENT BY 5");
      s.execute("SELECT nextval('ticket')");
      s.execute("CREATE VIEW gone AS SELECT 1 AS one");
      s.execute("DROP VIEW gone");
      s.execute("ALTER FUNCTION twice(numeric) RENAME TO double_it");
      // A keyless table waits until it has a replica identity, then joins with its rows.
      s.execute("CREATE TABLE events (kind text, n int)");
      s.execute("INSERT INTO events SELECT 'k' || i, i FROM generate_series(1, 25) i");
      migration.awaitStatus("table public.events waits to stream");
      StringWriter refused = new StringWriter();
      assertThat(
              PgcarryCli.run(
                  refused, "cutover", "--name", name, "--work-dir", migration.workDir().toString()))
          .as(refused::toString)
          .isNotZero();
      assertThat(refused.toString()).contains("ALTER TABLE public.events REPLICA IDENTITY FULL");
      s.execute("ALTER TABLE events REPLICA IDENTITY FULL");
      s.execute("INSERT INTO events VALUES ('after', 26)");
      s.execute("DELETE FROM events WHERE n = 3");
      // Renamed, truncated and dropped tables.
      s.execute("ALTER TABLE log RENAME TO audit_log");
      s.execute("INSERT INTO audit_log VALUES (now(), 'after the rename')");
      s.execute("TRUNCATE audit_log");
      s.execute("INSERT INTO audit_log VALUES (now(), 'after the truncate')");
      s.execute("CREATE TABLE scratch (id int PRIMARY KEY)");
      s.execute("INSERT INTO scratch VALUES (1), (2)");
      s.execute("DROP TABLE scratch");
      // Several statements in one query string.
      s.execute(
          "ALTER TABLE orders ADD COLUMN note text; UPDATE orders SET note = 'n' || id;"
              + " ALTER TABLE orders ADD COLUMN flag boolean DEFAULT true");
      s.execute("INSERT INTO orders (account_id, amount) VALUES (2, 99)");
    }
    migration.awaitApplied();
    cutOverIdentical(migration);
    assertThat(eventTriggers(source, name)).as("event triggers left on the source").isZero();
  }

  @Test
  void renamedObjectsStopTheSinkUntilTheOperatorSkipsTheCommand() throws Exception {
    LocalPostgres source = TestPostgres.source();
    LocalPostgres target = TestPostgres.target();
    String name = "ddl_map_it";
    Path mapping = Files.createTempFile("mapping", ".json");
    Files.writeString(mapping, "{\"tables\": {\"public.log\": {\"name\": \"journal\"}}}");
    CliMigration migration =
        start(name, List.of("--set-replica-identity", "--mapping", mapping.toString()));
    try (Connection c = source.connect(name);
        Statement s = c.createStatement()) {
      // Objects the mapping leaves alone take DDL; new keyless tables stream at once.
      s.execute("ALTER TABLE account ADD COLUMN tier text DEFAULT 'basic'");
      s.execute(
          "CREATE TABLE summary AS SELECT id % 10 AS bucket, count(*) AS n FROM account"
              + " GROUP BY 1");
      s.execute("INSERT INTO summary VALUES (42, 1)");
      s.execute("CREATE TABLE bag (v int)");
      s.execute("INSERT INTO bag SELECT generate_series(1, 10)");
      s.execute("DELETE FROM bag WHERE v = 4");
      // The renamed table's DDL stops the sink: its text names the source's table.
      s.execute("ALTER TABLE log ADD COLUMN level int");
      s.execute("INSERT INTO log VALUES (now(), 'after', 3)");
    }
    Integer exit = migration.run().get(3, TimeUnit.MINUTES);
    String failed = migration.output().toString();
    assertThat(exit).as(failed).isNotZero();
    assertThat(failed).contains("touches public.log (table log is renamed)").contains("--skip-ddl");
    java.util.regex.Matcher lsn =
        java.util.regex.Pattern.compile("--skip-ddl ([0-9A-F]+/[0-9A-F]+)").matcher(failed);
    assertThat(lsn.find()).as(failed).isTrue();
    // The operator runs the command under the target's names, and skips it.
    try (Connection c = target.connect(name + "_copy");
        Statement s = c.createStatement()) {
      s.execute("ALTER TABLE journal ADD COLUMN level int");
    }
    CliMigration resumed = migration.resume("--skip-ddl", lsn.group(1));
    try (Connection c = source.connect(name);
        Statement s = c.createStatement()) {
      s.execute("UPDATE log SET level = 1 WHERE level IS NULL AND msg = 'm1'");
    }
    resumed.cutover();
    var sourceRows = TableComparison.fingerprints(source, name);
    sourceRows.put("public.journal", sourceRows.remove("public.log"));
    assertThat(TableComparison.fingerprints(target, name + "_copy")).isEqualTo(sourceRows);
    assertThat(sourceRows).containsKeys("public.summary", "public.bag");
  }

  @Test
  void ddlStreamsExactlyOnceThroughTaskRestarts() throws Exception {
    LocalPostgres source = TestPostgres.source();
    String name = "ddl_restart_it";
    CliMigration migration = start(name, List.of("--set-replica-identity"));
    ConnectClient connect = new ConnectClient(cluster.runtime().connectUrl());
    WriteLoop workload = ddlRounds(source, name);
    Random random = new Random(17);
    for (int i = 0; i < 15; i++) {
      long done = workload.transactions();
      WaitFor.condition(
          Duration.ofMinutes(1),
          "the workload to run more rounds",
          () -> {
            workload.requireRunning();
            return workload.transactions() > done + random.nextInt(3);
          });
      connect.restart("pgcarry-" + name + "-" + (random.nextBoolean() ? "source" : "sink"));
    }
    // Throws the workload's failure, if any.
    workload.stop();
    migration.awaitApplied();
    cutOverIdentical(migration);
  }

  @Test
  void ddlDuringTheFullLoadEndsIdentical() throws Exception {
    LocalPostgres source = TestPostgres.source();
    String name = "ddl_load_it";
    CliMigration.freshDatabases(name);
    try (Connection c = source.connect(name);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE account (id int PRIMARY KEY, note text)");
      s.execute(
          "INSERT INTO account SELECT i, repeat(md5(i::text), 3) FROM generate_series(1, 60000) i");
      s.execute("CREATE TABLE tail (id int PRIMARY KEY, v text)");
      s.execute("INSERT INTO tail SELECT i, 'v' || i FROM generate_series(1, 500) i");
    }
    // Read at 1 MB/s, the load of about 7 MB lasts seconds after the slot exists.
    CliMigration migration =
        CliMigration.begin(cluster, name, List.of("--capture-ddl", "--snapshot-rate", "1MB"));
    WaitFor.condition(
        Duration.ofMinutes(2),
        "the slot of " + name,
        () -> {
          try (Connection c = source.connect(name);
              Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery(
                      "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'pgcarry_"
                          + name
                          + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
          }
        },
        () -> migration.output().toString());
    try (Connection c = source.connect(name);
        Statement s = c.createStatement()) {
      // Post-data, which reads the source's catalog after the load, may create the index before
      // the sink replays the command: either way one index results. The ALTER TABLE waits for the
      // load's ACCESS SHARE lock, as it would for pg_dump's, and commits once the load is read.
      s.execute("CREATE INDEX account_note ON account (note)");
      // The load locked every table when its snapshot was new: a table rewrite, which would make
      // the table look empty to the snapshot, waits for the load.
      s.execute("SET lock_timeout = '1s'");
      assertThatThrownBy(() -> s.execute("ALTER TABLE tail ADD COLUMN r float8 DEFAULT random()"))
          .hasMessageContaining("lock timeout");
      s.execute("RESET lock_timeout");
      s.execute("ALTER TABLE account ADD COLUMN flag boolean DEFAULT false");
      s.execute("UPDATE account SET flag = true WHERE id % 1000 = 0");
      s.execute("ALTER TABLE tail ADD COLUMN r float8 DEFAULT random()");
    }
    migration.awaitStep(Step.STREAMING);
    migration.awaitApplied();
    cutOverIdentical(migration);
  }

  @Test
  void cleanupRemovesTheCaptureFromTheSource() throws Exception {
    LocalPostgres source = TestPostgres.source();
    String name = "ddl_cleanup_it";
    source.recreateDatabase(name);
    MigrationSpec spec =
        new MigrationSpec(
            name,
            io.pgcarry.common.PgUri.parse(source.uri(name)),
            io.pgcarry.common.PgUri.parse(TestPostgres.target().uri(name + "_copy")),
            List.of("public.*"),
            List.of(),
            NameMapping.IDENTITY);
    try (Connection c = source.connect(name)) {
      DdlCapture.of(spec, false, List.of()).install(c);
    }
    assertThat(eventTriggers(source, name)).isEqualTo(3);

    StringWriter output = new StringWriter();
    int code =
        PgcarryCli.run(
            output,
            "cleanup",
            "--name",
            name,
            "--work-dir",
            Files.createTempDirectory(name).toString(),
            "--source",
            source.uri(name));

    assertThat(code).as(output::toString).isZero();
    assertThat(output.toString()).contains("removed the DDL capture");
    assertThat(eventTriggers(source, name)).isZero();
    try (Connection c = source.connect(name);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = 'pgcarry'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("the capture's schema").isZero();
    }
  }

  private static int eventTriggers(LocalPostgres server, String database) throws Exception {
    try (Connection c = server.connect(database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_event_trigger")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * Rounds of DDL and DML: a column added and filled in one transaction, a row inserted, an older
   * column dropped, a table created and filled (with a key, or without one, which joins at once
   * with --set-replica-identity), the previous round's table dropped.
   */
  private static WriteLoop ddlRounds(LocalPostgres source, String database) {
    return WriteLoop.start(
        "ddl-rounds",
        () -> source.connect(database),
        Duration.ofMillis(30),
        (c, n) -> {
          long i = n + 1;
          try (Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("ALTER TABLE account ADD COLUMN c" + i + " int DEFAULT " + i);
            s.execute("UPDATE account SET c" + i + " = c" + i + " + id WHERE id % 10 = " + i % 10);
            c.commit();
            c.setAutoCommit(true);
            s.execute(
                "INSERT INTO account (id, name, balance) VALUES ("
                    + (10_000 + i)
                    + ", 'w"
                    + i
                    + "', "
                    + i
                    + ")");
            if (i > 2 && i % 3 == 0) {
              s.execute("ALTER TABLE account DROP COLUMN c" + (i - 2));
            }
            s.execute(
                "CREATE TABLE round"
                    + i
                    + (i % 2 == 0 ? " (id int PRIMARY KEY, v text)" : " (id int, v text)"));
            s.execute(
                "INSERT INTO round" + i + " SELECT g, 'v' || g FROM generate_series(1, 20) g");
            if (i > 1) {
              s.execute("DROP TABLE round" + (i - 1));
            }
            s.execute("UPDATE log SET msg = msg || '.' WHERE msg = 'm" + (i % 50 + 1) + "'");
          }
        });
  }

  /** Cuts over; then the target's schema (pg_dump) and rows are the source's. */
  private static void cutOverIdentical(CliMigration migration) throws Exception {
    migration.cutover();
    String name = migration.name();
    LocalPostgres source = TestPostgres.source();
    LocalPostgres target = TestPostgres.target();
    assertThat(SchemaDump.of(target, name + "_copy")).isEqualTo(SchemaDump.of(source, name));
    assertThat(TableComparison.fingerprints(target, name + "_copy"))
        .isEqualTo(TableComparison.fingerprints(source, name));
  }

  /** A migration of a fresh database with a few tables, a type and a view, capturing DDL. */
  private static CliMigration start(String name, List<String> options) throws Exception {
    CliMigration.freshDatabases(name);
    try (Connection c = TestPostgres.source().connect(name);
        Statement s = c.createStatement()) {
      s.execute("CREATE TYPE mood AS ENUM ('sad', 'ok')");
      s.execute(
          "CREATE TABLE account (id int PRIMARY KEY, name text NOT NULL, balance numeric,"
              + " note text)");
      s.execute(
          "INSERT INTO account SELECT i, 'n' || i, i * 1.5, 'note ' || i"
              + " FROM generate_series(1, 200) i");
      s.execute("CREATE TABLE log (at timestamptz, msg text)");
      s.execute("ALTER TABLE log REPLICA IDENTITY FULL");
      s.execute("INSERT INTO log SELECT now(), 'm' || i FROM generate_series(1, 50) i");
      s.execute("CREATE VIEW rich AS SELECT id, name FROM account WHERE id > 100");
    }
    List<String> all = new ArrayList<>(List.of("--capture-ddl"));
    all.addAll(options);
    return CliMigration.start(cluster, name, all);
  }
}
