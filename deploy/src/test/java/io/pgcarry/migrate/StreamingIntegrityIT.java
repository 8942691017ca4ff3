package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.deploy.ConnectClient;
import io.pgcarry.deploy.EmbeddedRuntime;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.migrate.connectors.ConnectorSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Valid source histories that a naive apply gets wrong, through {@code migrate} and {@code cutover}
 * on a real broker and Connect worker (named with --connect-url, as a cluster would be): unique
 * values handed between rows, and the connectors' tasks restarted again and again under a write
 * load. The target must equal the source after cutover.
 */
class StreamingIntegrityIT {

  private static EmbeddedRuntime runtime;
  private static Path secretsDir;

  @BeforeAll
  static void startRuntime() throws Exception {
    Path dir = Files.createTempDirectory("integrity-it");
    secretsDir = Files.createDirectories(dir.resolve("secrets"));
    runtime = EmbeddedRuntime.start(dir, ConnectorSecrets.workerConfig(secretsDir));
  }

  @AfterAll
  static void stopRuntime() {
    runtime.close();
  }

  @Test
  void uniqueValuesHandedBetweenRowsApplyAsOnTheSource() throws Exception {
    LocalPostgres source = TestPostgres.source();
    CliMigration migration = start("handoff_it");
    try (Connection c = source.connect("handoff_it");
        Statement s = c.createStatement()) {
      // Separate transactions: row 1 frees c1, row 2 takes it, row 1 changes again.
      s.execute("UPDATE u SET code = 'tmp' WHERE id = 1");
      s.execute("UPDATE u SET code = 'c1' WHERE id = 2");
      s.execute("UPDATE u SET code = 'c2' WHERE id = 1");
      c.setAutoCommit(false);
      // One transaction: a swap through a temporary value, and a cycle of three.
      s.execute("UPDATE u SET code = 'tmp' WHERE id = 3");
      s.execute("UPDATE u SET code = 'c3' WHERE id = 4");
      s.execute("UPDATE u SET code = 'c4' WHERE id = 3");
      s.execute("UPDATE u SET code = 'tmp' WHERE id = 5");
      s.execute("UPDATE u SET code = 'c5' WHERE id = 7");
      s.execute("UPDATE u SET code = 'c7' WHERE id = 6");
      s.execute("UPDATE u SET code = 'c6' WHERE id = 5");
      // A deferred unique value swapped in one statement, valid only at commit.
      s.execute("UPDATE u SET rank = CASE id WHEN 8 THEN 9 ELSE 8 END WHERE id IN (8, 9)");
      c.commit();
      // A key change that frees a key another row takes, in one transaction.
      s.execute("UPDATE u SET id = 1000 WHERE id = 10");
      s.execute("INSERT INTO u VALUES (10, 'c10b', 1010, 'took the freed key')");
      c.commit();
      // A unique value deleted and inserted again by another key.
      s.execute("DELETE FROM u WHERE id = 11");
      s.execute("INSERT INTO u VALUES (2000, 'c11', 2011, 'took the freed code')");
      c.commit();
      c.setAutoCommit(true);
      s.execute("UPDATE u SET note = note || '!' WHERE id % 3 = 0");
    }
    migration.cutover();
    assertThat(MigratePagilaIT.fingerprints(TestPostgres.target(), "handoff_it_copy"))
        .isEqualTo(MigratePagilaIT.fingerprints(source, "handoff_it"));
  }

  @Test
  void survivesThirtyTaskRestartsUnderAWriteLoad() throws Exception {
    LocalPostgres source = TestPostgres.source();
    CliMigration migration = start("restart_it");
    ConnectClient connect = new ConnectClient(runtime.connectUrl());
    Workload workload = new Workload(source, "restart_it");
    Thread writer = new Thread(workload);
    writer.start();
    Random random = new Random(11);
    for (int i = 0; i < 30; i++) {
      long committed = workload.transactions.get();
      WaitFor.condition(
          Duration.ofMinutes(1),
          "the workload to commit more transactions",
          () -> workload.transactions.get() > committed + random.nextInt(20));
      String connector = "pgcarry-restart_it-" + (random.nextBoolean() ? "source" : "sink");
      connect.restart(connector);
    }
    workload.running.set(false);
    writer.join();
    assertThat(workload.failure).isNull();
    migration.cutover();
    assertThat(MigratePagilaIT.fingerprints(TestPostgres.target(), "restart_it_copy"))
        .isEqualTo(MigratePagilaIT.fingerprints(source, "restart_it"));
  }

  /** A migration of a fresh database with a table of unique values and a keyless ledger. */
  private static CliMigration start(String name) throws Exception {
    CliMigration.freshDatabases(name);
    try (Connection c = TestPostgres.source().connect(name);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE u (id int PRIMARY KEY, code text NOT NULL UNIQUE,"
              + " rank int NOT NULL UNIQUE DEFERRABLE INITIALLY DEFERRED, note text)");
      s.execute("INSERT INTO u SELECT i, 'c' || i, i, 'row ' || i FROM generate_series(1, 200) i");
      s.execute("CREATE TABLE ledger (account int, amount bigint)");
      s.execute("ALTER TABLE ledger REPLICA IDENTITY FULL");
      s.execute("INSERT INTO ledger SELECT i % 20, 1 FROM generate_series(1, 2000) i");
    }
    return CliMigration.start(runtime, secretsDir, name, List.of());
  }

  /** Unique handoffs in one table, identical rows added and deleted in another. */
  private static final class Workload implements Runnable {
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong transactions = new AtomicLong();
    final LocalPostgres source;
    final String database;
    volatile Exception failure;

    Workload(LocalPostgres source, String database) {
      this.source = source;
      this.database = database;
    }

    @Override
    public void run() {
      Random random = new Random(5);
      try (Connection c = source.connect(database);
          PreparedStatement free = c.prepareStatement("UPDATE u SET code = 'tmp' WHERE id = ?");
          PreparedStatement take = c.prepareStatement("UPDATE u SET code = ? WHERE id = ?");
          PreparedStatement add = c.prepareStatement("INSERT INTO ledger VALUES (?, 1)");
          PreparedStatement forget =
              c.prepareStatement(
                  "DELETE FROM ledger WHERE ctid = (SELECT ctid FROM ledger WHERE account = ?"
                      + " LIMIT 1)")) {
        c.setAutoCommit(false);
        while (running.get()) {
          int a = 1 + random.nextInt(200);
          int b = 1 + random.nextInt(200);
          if (a != b) {
            // A handoff through a temporary value, as an application swaps two codes.
            String codeA = code(c, a);
            String codeB = code(c, b);
            free.setInt(1, a);
            free.executeUpdate();
            take.setString(1, codeA);
            take.setInt(2, b);
            take.executeUpdate();
            take.setString(1, codeB);
            take.setInt(2, a);
            take.executeUpdate();
          }
          add.setInt(1, a % 20);
          add.executeUpdate();
          add.executeUpdate();
          forget.setInt(1, b % 20);
          forget.executeUpdate();
          c.commit();
          transactions.incrementAndGet();
          Thread.sleep(10);
        }
      } catch (Exception e) {
        failure = e;
      }
    }

    private static String code(Connection c, int id) throws Exception {
      try (PreparedStatement ps = c.prepareStatement("SELECT code FROM u WHERE id = ?")) {
        ps.setInt(1, id);
        try (var rs = ps.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      }
    }
  }
}
