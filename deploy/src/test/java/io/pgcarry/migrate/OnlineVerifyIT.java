package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.migrate.state.WorkDir;
import io.pgcarry.migrate.verify.OnlineVerifyProgress;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code pgcarry verify --online} against a migration that streams while an application writes the
 * very chunks being checked: rows of every range updated, rows inserted into the ranges, identical
 * rows added to and removed from a keyless table, a table renamed with its key and a column under
 * {@code --mapping} and a column left out, its out-of-line (TOAST) values unchanged by the updates.
 * Beside it pgbench writes its own tables at about 1,000 row changes a second ({@link
 * PgbenchLoad}). Every chunk of every table must match (no false difference) in each of {@value
 * #ROUNDS} consecutive verifications; then a target row changed behind pgcarry's back must make
 * exactly its chunk differ, named by its key, while the load goes on, and {@code status}, {@code
 * status --json} and the status page's {@code /online-verify.json} show it. More divergences (rows
 * deleted, inserted, an out-of-line value changed, a duplicate removed from the keyless table) are
 * found in exactly their ranges, with the keys (or for the keyless table the row) that differ;
 * {@code --repair} replaces them through the stream, and a last verification finds every table
 * identical. No write of the load waits long for a chunk's lock; the longest write of each writer
 * is printed. Cutover then compares again only the chunks changed since the last verification,
 * refuses to end replication while one differs, and removes the verification's bookkeeping with the
 * positions.
 */
class OnlineVerifyIT {

  private static final String NAME = "online_verify_it";

  /** Rows of the keyed table: even ids, so that the load inserts odd ones into every range. */
  private static final int ACCOUNTS = 20_000;

  /** An account the load never writes: its change on the target stays a difference. */
  private static final int UNTOUCHED = 12_346;

  /** Rows of the renamed table. */
  private static final int ITEMS = 5_000;

  /** An item the load never writes: deleted on the target, it stays a difference. */
  private static final int UNTOUCHED_ITEM = 4_242;

  /** An item the load never writes, with an out-of-line value: changed on the target. */
  private static final int UNTOUCHED_DOC = 4_240;

  /**
   * A ledger account the load never writes. Its duplicate removed on the target stays a difference:
   * a removal of the same row by the sink at the same moment would take it back (both pick the
   * first matching row; the later sees it gone and removes nothing).
   */
  private static final int UNTOUCHED_LEDGER = 7;

  private static final String MAPPING =
      "tables:\n"
          + "  public.item:\n"
          + "    name: product\n"
          + "    columns:\n"
          + "      item_id: product_id\n"
          + "      label: title\n"
          + "    exclude_columns: [secret]\n";

  /** Consecutive verifications that must each find every table identical under the writes. */
  private static final int ROUNDS = 20;

  /** pgbench transactions per second: four row changes each, about 1,000 changes a second. */
  private static final int PGBENCH_RATE = 250;

  /** Rows a second read by the verification that is stopped midway. */
  private static final int SLOW_RATE = 5_000;

  private static NamedCluster cluster;
  private static Path mapping;

  @BeforeAll
  static void startRuntime() throws Exception {
    cluster = NamedCluster.start("online-verify-it");
    mapping =
        Files.writeString(
            Files.createTempDirectory("online-verify-mapping").resolve("mapping.yaml"), MAPPING);
  }

  @AfterAll
  static void stopRuntime() {
    cluster.close();
  }

  @Test
  void everyChunkMatchesUnderWritesAndAChangedTargetRowIsFoundInItsChunk() throws Exception {
    LocalPostgres source = TestPostgres.source();
    CliMigration.freshDatabases(NAME);
    PgbenchLoad.initialize(source, NAME, 1);
    try (Connection c = source.connect(NAME);
        Statement s = c.createStatement()) {
      // Every wait for a lock of more than 10 ms is logged with its length when the lock is
      // granted: the application's waits for the chunks' SHARE locks, measured by the server.
      s.execute("ALTER DATABASE " + NAME + " SET log_lock_waits = on");
      s.execute("ALTER DATABASE " + NAME + " SET deadlock_timeout = '10ms'");
    }
    try (Connection c = source.connect(NAME);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE account (id int PRIMARY KEY, balance bigint NOT NULL, note text)");
      s.execute(
          "INSERT INTO account SELECT 2 * i, 1000, 'account ' || i"
              + " FROM generate_series(1, "
              + ACCOUNTS
              + ") i");
      s.execute("CREATE TABLE ledger (account int, amount bigint)");
      s.execute("ALTER TABLE ledger REPLICA IDENTITY FULL");
      s.execute("INSERT INTO ledger SELECT i % 50, 1 FROM generate_series(1, 3000) i");
      // doc is stored out of line (TOAST); the load never changes it, so its updates of item
      // stream without it and the sink keeps it as it is.
      s.execute(
          "CREATE TABLE item (item_id bigint PRIMARY KEY, label text, secret text,"
              + " price numeric(10, 2), seen timestamptz, doc text)");
      s.execute(
          "INSERT INTO item SELECT i, 'item ' || i, md5(i::text), i / 7.0,"
              + " '2026-01-01 12:00+02'::timestamptz + i * interval '1 minute',"
              + " CASE WHEN i % 10 = 0 THEN (SELECT string_agg(md5(i::text || g::text), '')"
              + " FROM generate_series(1, 200) g) END"
              + " FROM generate_series(1, "
              + ITEMS
              + ") i");
      s.execute("ANALYZE");
      try (ResultSet rs =
          s.executeQuery("SELECT count(*) FROM item WHERE pg_column_size(doc) > 2040")) {
        rs.next();
        assertThat(rs.getInt(1)).as("values large enough to be kept out of line").isEqualTo(500);
      }
    }
    CliMigration migration =
        CliMigration.start(cluster, NAME, List.of("--mapping", mapping.toString()));
    Workload load = new Workload(source);
    Thread writer = new Thread(load, "online-verify-load");
    writer.start();
    PgbenchLoad pgbench = PgbenchLoad.start(source, NAME, PGBENCH_RATE);
    try {
      load.awaitTransactions(50);
      JsonNode clean = null;
      long longestRound = 0;
      long started = System.nanoTime();
      for (int round = 1; round <= ROUNDS; round++) {
        long roundStarted = System.nanoTime();
        clean = verify(migration, 0);
        longestRound = Math.max(longestRound, (System.nanoTime() - roundStarted) / 1_000_000);
        assertThat(clean.path("tables")).as("round " + round).hasSize(7);
        for (JsonNode table : clean.path("tables")) {
          assertThat(table.path("matched").asInt())
              .as("round " + round + ": " + table)
              .isEqualTo(table.path("chunks").asInt());
          assertThat(table.path("differing")).as("round " + round + ": " + table).isEmpty();
        }
        assertThat(pgbench.failure()).isNull();
      }
      stoppedVerificationIsResumed(migration, clean.path("run").asText());
      long loadTransactions = load.transactions.get();
      assertThat(loadTransactions)
          .as("the load wrote while the chunks were checked")
          .isGreaterThan(50);
      System.out.printf(
          "OnlineVerifyIT: %d rounds of verify --online in %d s (longest %d ms), every table"
              + " identical in each, while pgbench committed %d transactions (%d a second asked)"
              + " and the other writer %d%n",
          ROUNDS,
          (System.nanoTime() - started) / 1_000_000_000,
          longestRound,
          pgbench.transactions(),
          PGBENCH_RATE,
          loadTransactions);
      assertThat(chunks(clean, "public.account")).as("the keyed table is cut").isGreaterThan(5);
      assertThat(chunks(clean, "public.item"))
          .as("the renamed table is cut by its key")
          .isGreaterThan(1);
      assertThat(chunks(clean, "public.ledger")).as("the keyless table is one chunk").isEqualTo(1);
      assertThat(table(clean, "public.item").path("targetTable").asText())
          .isEqualTo("public.product");

      try (Connection c = TestPostgres.target().connect(NAME + "_copy");
          Statement s = c.createStatement()) {
        s.execute("UPDATE account SET note = 'changed behind pgcarry' WHERE id = " + UNTOUCHED);
      }
      JsonNode changed = verify(migration, 1);
      JsonNode account = table(changed, "public.account");
      assertThat(account.path("differing")).hasSize(1);
      JsonNode differing = account.path("differing").get(0);
      assertThat(differing.path("key").asText()).isEqualTo("id");
      assertThat(differing.path("from").asLong()).isLessThanOrEqualTo(UNTOUCHED);
      assertThat(differing.path("to").asLong()).isGreaterThan(UNTOUCHED);
      assertThat(differing.path("sourceRows").asLong())
          .isEqualTo(differing.path("targetRows").asLong());
      assertThat(rows(differing)).as("the key of the row that differs").containsExactly("12346");
      assertThat(account.path("matched").asInt()).isEqualTo(account.path("chunks").asInt() - 1);
      for (JsonNode table : changed.path("tables")) {
        if (!table.path("table").asText().equals("public.account")) {
          assertThat(table.path("differing")).as(table.toString()).isEmpty();
        }
      }

      StringWriter status = new StringWriter();
      assertThat(
              PgcarryCli.run(
                  status, "status", "--name", NAME, "--work-dir", migration.workDir().toString()))
          .isZero();
      assertThat(status.toString())
          .contains("online verification " + changed.path("run").asText() + ": finished")
          .containsPattern(
              "public\\.account +"
                  + account.path("chunks").asInt()
                  + " +"
                  + account.path("matched").asInt()
                  + " +1 +0")
          .contains("differs: " + differing.path("range").asText())
          .contains("id of the rows that differ: " + UNTOUCHED);
      StringWriter statusJson = new StringWriter();
      assertThat(
              PgcarryCli.run(
                  statusJson,
                  "status",
                  "--name",
                  NAME,
                  "--work-dir",
                  migration.workDir().toString(),
                  "--json"))
          .isZero();
      JsonNode online = new ObjectMapper().readTree(statusJson.toString()).path("onlineVerify");
      assertThat(online.path("state").asText()).isEqualTo("finished");
      assertThat(online.path("report").path("run")).isEqualTo(changed.path("run"));
      assertThat(table(online.path("report"), "public.account").path("differing"))
          .isEqualTo(account.path("differing"));
      String page =
          new WorkDir(migration.workDir(), NAME)
              .readStatus()
              .orElseThrow()
              .endpoints()
              .statusPage();
      HttpResponse<String> served =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(page + "online-verify.json")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(served.statusCode()).isEqualTo(200);
      JsonNode pageReport = new ObjectMapper().readTree(served.body());
      assertThat(pageReport.path("finished").asBoolean()).isTrue();
      assertThat(pageReport.path("report").path("run")).isEqualTo(changed.path("run"));

      // More behind pgcarry's back: in the renamed table a row deleted, a row inserted and an
      // out-of-line value changed; a row inserted into the keyed table; a duplicate removed from
      // the keyless one.
      try (Connection c = TestPostgres.target().connect(NAME + "_copy");
          Statement s = c.createStatement()) {
        s.execute("DELETE FROM product WHERE product_id = " + UNTOUCHED_ITEM);
        s.execute("UPDATE product SET doc = doc || 'x' WHERE product_id = " + UNTOUCHED_DOC);
        s.execute(
            "INSERT INTO product (product_id, title) VALUES (" + (ITEMS + 1) + ", 'intruder')");
        s.execute("INSERT INTO account VALUES (" + (2 * ACCOUNTS + 2) + ", 0, 'intruder')");
        s.execute(
            "DELETE FROM ledger WHERE ctid = (SELECT ctid FROM ledger WHERE account = "
                + UNTOUCHED_LEDGER
                + " LIMIT 1)");
      }
      // Chunks of 500 rows: a repair carries at most 512 KiB, and item's values are large.
      JsonNode found = verify(migration, 1, 500);
      assertThat(differingRows(found, "public.account"))
          .as("the ranges and keys that differ in account")
          .containsExactly(List.of("" + UNTOUCHED), List.of("" + (2 * ACCOUNTS + 2)));
      assertThat(differingRows(found, "public.item"))
          .as("the ranges and keys that differ in item")
          .containsExactly(
              List.of("" + UNTOUCHED_DOC, "" + UNTOUCHED_ITEM), List.of("" + (ITEMS + 1)));
      List<List<String>> ledgerRows = differingRows(found, "public.ledger");
      assertThat(ledgerRows).hasSize(1);
      assertThat(ledgerRows.get(0)).hasSize(1);
      assertThat(ledgerRows.get(0).get(0))
          .startsWith("(" + UNTOUCHED_LEDGER + ",1): ")
          .endsWith(" on the target");
      for (JsonNode table : found.path("tables")) {
        if (!List.of("public.account", "public.item", "public.ledger")
            .contains(table.path("table").asText())) {
          assertThat(table.path("differing")).as(table.toString()).isEmpty();
        }
      }

      JsonNode repair = verify(migration, 0, 500, "--repair");
      for (String table : List.of("public.account", "public.item", "public.ledger")) {
        int count = table.equals("public.ledger") ? 1 : 2;
        assertThat(table(repair.path("verify"), table).path("differing")).as(table).hasSize(count);
        JsonNode repaired = table(repair.path("repair"), table);
        assertThat(repaired.path("chunks").asInt()).as(table).isEqualTo(count);
        assertThat(repaired.path("matched").asInt()).as(table + " repaired").isEqualTo(count);
      }
      JsonNode last = verify(migration, 0);
      for (JsonNode table : last.path("tables")) {
        assertThat(table.path("matched").asInt())
            .as("after the repair: " + table)
            .isEqualTo(table.path("chunks").asInt());
      }
      try (Connection c = TestPostgres.target().connect(NAME + "_copy");
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT (SELECT note FROM account WHERE id = "
                      + UNTOUCHED
                      + "), (SELECT count(*) FROM product WHERE product_id = "
                      + UNTOUCHED_ITEM
                      + ")")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("account " + UNTOUCHED / 2);
        assertThat(rs.getInt(2)).isEqualTo(1);
      }
    } finally {
      load.running.set(false);
      writer.join();
      pgbench.close();
    }
    assertThat(load.failure).isNull();
    assertThat(pgbench.failure()).isNull();
    System.out.printf(
        "OnlineVerifyIT: longest write transaction %d ms (the other writer), %.1f ms (pgbench,"
            + " %.1f ms from when it was due), longest wait of a write for its table's lock %s,"
            + " lock_timeout 50 ms%n",
        load.longestMillis.get(),
        pgbench.longestMillis(),
        pgbench.longestFromScheduleMillis(),
        longestWriteLockWait(source));
    assertThat(load.longestMillis.get())
        .as("no write waited long for a chunk's lock (lock_timeout 50 ms, chunks of 2,000 rows)")
        .isLessThan(2_000);
    cutoverComparesAgainTheRowsChangedSinceTheLastVerification(migration);
    try (Connection c = TestPostgres.target().connect(NAME + "_copy");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT to_regclass('pgcarry.verified_chunk') IS NULL")) {
      rs.next();
      assertThat(rs.getBoolean(1)).as("cutover removes the verified chunks").isTrue();
    }
  }

  /**
   * With the writes stopped, a last verification finds every table identical. Then a row of
   * account's first chunk and the keyless ledger change on the source, and once the sink has
   * applied them, the changed account row changes again on the target behind pgcarry's back.
   * Cutover leaves every other chunk alone, compares account's first chunk again by its changed row
   * and ledger whole: it finds the difference, fails, and replication goes on. With the row put
   * back, the next cutover does the same comparisons, finds them identical, says so in its summary,
   * and completes.
   */
  private static void cutoverComparesAgainTheRowsChangedSinceTheLastVerification(
      CliMigration migration) throws Exception {
    JsonNode last = verify(migration, 0);
    int chunks = 0;
    for (JsonNode table : last.path("tables")) {
      assertThat(table.path("matched").asInt())
          .as("with the writes stopped: " + table)
          .isEqualTo(table.path("chunks").asInt());
      chunks += table.path("chunks").asInt();
    }
    long balance;
    String note;
    try (Connection c = TestPostgres.source().connect(NAME);
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO ledger VALUES (7, 1)");
      try (ResultSet rs =
          s.executeQuery(
              "UPDATE account SET balance = balance + 1 WHERE id = 10 RETURNING balance, note")) {
        rs.next();
        balance = rs.getLong(1);
        note = rs.getString(2);
      }
    }
    try (Connection c = TestPostgres.target().connect(NAME + "_copy");
        Statement s = c.createStatement()) {
      WaitFor.condition(
          Duration.ofMinutes(1),
          "the sink to apply the change of account 10",
          () -> {
            try (ResultSet rs = s.executeQuery("SELECT balance FROM account WHERE id = 10")) {
              return rs.next() && rs.getLong(1) == balance;
            }
          });
      s.execute("UPDATE account SET note = 'changed behind pgcarry' WHERE id = 10");
    }
    StringWriter refused = new StringWriter();
    int code =
        PgcarryCli.run(
            refused, "cutover", "--name", NAME, "--work-dir", migration.workDir().toString());
    assertThat(code).as(refused::toString).isNotZero();
    assertThat(refused.toString())
        .contains(
            "the target differs from the source in 1 chunk(s) of online verification "
                + last.path("run").asText())
        .containsPattern(
            "public\\.account id < \\d+, the 1 row changed since it was compared: 1 rows on the"
                + " source, 1 on the target,"
                + " their checksums differ")
        .doesNotContain("ledger")
        .contains("Replication goes on");
    assertThat(migration.run().isDone()).as("migrate streams on").isFalse();

    try (Connection c = TestPostgres.target().connect(NAME + "_copy");
        PreparedStatement s = c.prepareStatement("UPDATE account SET note = ? WHERE id = 10")) {
      s.setString(1, note);
      s.executeUpdate();
    }
    migration.cutover();
    assertThat(migration.output().toString())
        .contains(
            "online verification "
                + last.path("run").asText()
                + " brought up to the cutover: of "
                + chunks
                + " chunks, "
                + (chunks - 2)
                + " untouched since compared, 1 compared again by their 1 rows changed since, 1"
                + " compared again whole")
        .containsPattern("ms\\); identical in \\d+ ms");
    migration
        .output()
        .toString()
        .lines()
        .filter(line -> line.contains("brought up to the cutover"))
        .map(String::strip)
        .distinct()
        .forEach(line -> System.out.println("OnlineVerifyIT: cutover: " + line));
  }

  /** Runs {@code verify --online}; returns its JSON report after checking its exit code. */
  private static JsonNode verify(CliMigration migration, int exitCode, String... more)
      throws Exception {
    return verify(migration, exitCode, 2000, more);
  }

  /**
   * Runs {@code verify --online} with chunks of {@code chunkRows}; returns its JSON report after
   * checking its exit code.
   */
  private static JsonNode verify(
      CliMigration migration, int exitCode, int chunkRows, String... more) throws Exception {
    StringWriter output = new StringWriter();
    List<String> args = verifyArgs(migration, chunkRows, "--json");
    args.addAll(List.of(more));
    int code = PgcarryCli.run(output, args.toArray(String[]::new));
    assertThat(code).as(output::toString).isEqualTo(exitCode);
    return new ObjectMapper().readTree(output.toString());
  }

  /** The arguments of {@code verify --online} with chunks of {@code chunkRows}, and more. */
  private static List<String> verifyArgs(CliMigration migration, int chunkRows, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "verify",
                "--online",
                "--name",
                NAME,
                "--work-dir",
                migration.workDir().toString(),
                "--source",
                TestPostgres.source().uri(NAME),
                "--target",
                TestPostgres.target().uri(NAME + "_copy"),
                "--mapping",
                mapping.toString(),
                "--chunk-rows",
                Integer.toString(chunkRows),
                "--timeout",
                "PT2M"));
    args.addAll(List.of(more));
    return args;
  }

  /**
   * A verification stopped midway, its command's thread interrupted as Ctrl-C stops it, is resumed
   * by {@code --resume}: the same run, the chunks the sink compared before not checked again, each
   * chunk compared once, every table identical. It reads {@value #SLOW_RATE} rows a second, so
   * writing every marker takes tens of seconds, and it is stopped as soon as the sink compared a
   * first chunk.
   */
  private static void stoppedVerificationIsResumed(CliMigration migration, String previousRun)
      throws Exception {
    WorkDir dir = new WorkDir(migration.workDir(), NAME);
    StringWriter stoppedOutput = new StringWriter();
    List<String> slow = verifyArgs(migration, 2000, "--rate", Integer.toString(SLOW_RATE));
    Thread stopped =
        new Thread(
            () -> PgcarryCli.run(stoppedOutput, slow.toArray(String[]::new)), "stopped-verify");
    stopped.start();
    String run =
        WaitFor.value(
            Duration.ofMinutes(1),
            "the verification to stop to begin",
            () ->
                dir.readOnlineVerify()
                    .map(p -> p.report().run())
                    .filter(r -> !r.equals(previousRun)),
            stoppedOutput::toString);
    WaitFor.condition(
        Duration.ofMinutes(2),
        "the sink to compare a chunk of the verification to stop",
        () -> compared(run) > 0,
        stoppedOutput::toString);
    stopped.interrupt();
    stopped.join();
    OnlineVerifyProgress halfway = dir.readOnlineVerify().orElseThrow();
    assertThat(halfway.report().run()).isEqualTo(run);
    assertThat(halfway.stopped()).as(stoppedOutput::toString).isTrue();

    StringWriter output = new StringWriter();
    int code =
        PgcarryCli.run(output, verifyArgs(migration, 2000, "--resume").toArray(String[]::new));
    assertThat(code).as(output::toString).isZero();
    Matcher resumed =
        Pattern.compile(
                "resuming online verification "
                    + Pattern.quote(run)
                    + ": (\\d+) of (\\d+) chunks already compared")
            .matcher(output.toString());
    assertThat(resumed.find()).as(output::toString).isTrue();
    int before = Integer.parseInt(resumed.group(1));
    int chunks = Integer.parseInt(resumed.group(2));
    System.out.printf(
        "OnlineVerifyIT: verification %s stopped with %d of %d chunks compared, resumed%n",
        run, before, chunks);
    assertThat(before).isPositive().isLessThan(chunks);
    assertThat(output.toString())
        .contains("7 tables, 7 identical, 0 differ, 0 not verified (run " + run + ")");
    assertThat(compared(run)).as("each chunk compared once").isEqualTo(chunks);
  }

  /**
   * The longest wait of a write of the test database for its table's lock ({@code
   * RowExclusiveLock}), from the server's log of waits over {@code deadlock_timeout}; "under 10 ms"
   * when none was logged.
   */
  private static String longestWriteLockWait(LocalPostgres source) throws Exception {
    long database;
    try (Connection c = source.connect(NAME);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT oid FROM pg_database WHERE datname = current_database()")) {
      rs.next();
      database = rs.getLong(1);
    }
    Pattern acquired =
        Pattern.compile(
            "acquired RowExclusiveLock on relation (\\d+) of database "
                + database
                + " after ([0-9.]+) ms");
    double longest = 0;
    long relation = 0;
    int waits = 0;
    String log;
    try {
      log = Files.readString(source.logFile());
    } catch (java.io.IOException e) {
      return "not measured (" + e.getMessage() + ")";
    }
    Matcher m = acquired.matcher(log);
    while (m.find()) {
      waits++;
      double wait = Double.parseDouble(m.group(2));
      if (wait > longest) {
        longest = wait;
        relation = Long.parseLong(m.group(1));
      }
    }
    if (waits == 0) {
      return "under 10 ms";
    }
    try (Connection c = source.connect(NAME);
        PreparedStatement ps = c.prepareStatement("SELECT coalesce(?::oid::regclass::text, '?')")) {
      ps.setLong(1, relation);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return String.format(
            "%.1f ms (on %s; %d waits over 10 ms in all)", longest, rs.getString(1), waits);
      }
    }
  }

  /** The chunks of a run the sink has compared. */
  private static int compared(String run) throws Exception {
    try (Connection c = TestPostgres.target().connect(NAME + "_copy");
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM pgcarry.verified_chunk WHERE run = ?")) {
      ps.setString(1, run);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static JsonNode table(JsonNode report, String name) {
    for (JsonNode table : report.path("tables")) {
      if (table.path("table").asText().equals(name)) {
        return table;
      }
    }
    throw new AssertionError(name + " is not in " + report);
  }

  /** The rows that differ of each differing chunk of a table, in range order. */
  private static List<List<String>> differingRows(JsonNode report, String name) {
    List<List<String>> chunks = new ArrayList<>();
    for (JsonNode chunk : table(report, name).path("differing")) {
      chunks.add(rows(chunk));
    }
    return chunks;
  }

  private static List<String> rows(JsonNode chunk) {
    assertThat(chunk.path("rows").isArray()).as("the rows of " + chunk).isTrue();
    List<String> rows = new ArrayList<>();
    chunk.path("rows").forEach(row -> rows.add(row.asText()));
    return rows;
  }

  private static int chunks(JsonNode report, String name) {
    return table(report, name).path("chunks").asInt();
  }

  /**
   * Writes the chunks being checked: updates accounts across the key range (never {@link
   * #UNTOUCHED}), inserts odd ids into every range, adds two identical ledger rows and removes two
   * per transaction, never of {@link #UNTOUCHED_LEDGER} (the keyless table keeps its 3,000 rows,
   * well under the rows of a chunk whose differing rows are named), and updates the renamed table's
   * kept and left-out columns.
   */
  private static final class Workload implements Runnable {
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong transactions = new AtomicLong();
    final AtomicLong longestMillis = new AtomicLong();
    final LocalPostgres source;
    volatile Exception failure;

    Workload(LocalPostgres source) {
      this.source = source;
    }

    void awaitTransactions(long count) throws InterruptedException {
      while (transactions.get() < count && failure == null) {
        Thread.sleep(20);
      }
    }

    @Override
    public void run() {
      Random random = new Random(18);
      try (Connection c = source.connect(NAME);
          PreparedStatement pay =
              c.prepareStatement("UPDATE account SET balance = balance + 1 WHERE id = ?");
          PreparedStatement open =
              c.prepareStatement(
                  "INSERT INTO account VALUES (?, 0, 'opened') ON CONFLICT (id) DO NOTHING");
          PreparedStatement add = c.prepareStatement("INSERT INTO ledger VALUES (?, 1), (?, 1)");
          PreparedStatement forget =
              c.prepareStatement(
                  "DELETE FROM ledger WHERE ctid IN (SELECT ctid FROM ledger WHERE account = ?"
                      + " LIMIT 2)");
          PreparedStatement relabel =
              c.prepareStatement(
                  "UPDATE item SET label = label || '.', secret = md5(secret), price = price + 1"
                      + " WHERE item_id = ?")) {
        c.setAutoCommit(false);
        while (running.get()) {
          long started = System.nanoTime();
          int a = 2 * (1 + random.nextInt(ACCOUNTS));
          if (a != UNTOUCHED) {
            pay.setInt(1, a);
            pay.executeUpdate();
          }
          int odd = 2 * random.nextInt(ACCOUNTS) + 1;
          open.setInt(1, odd);
          open.executeUpdate();
          int account = random.nextInt(50);
          if (account != UNTOUCHED_LEDGER) {
            add.setInt(1, account);
            add.setInt(2, account);
            add.executeUpdate();
            forget.setInt(1, account);
            forget.executeUpdate();
          }
          int item = 1 + random.nextInt(ITEMS);
          if (item != UNTOUCHED_ITEM && item != UNTOUCHED_DOC) {
            relabel.setLong(1, item);
            relabel.executeUpdate();
          }
          c.commit();
          longestMillis.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
          transactions.incrementAndGet();
          Thread.sleep(5);
        }
      } catch (Exception e) {
        failure = e;
      }
    }
  }
}
