package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.deploy.ConnectClient;
import io.pgcarry.deploy.testing.Ledger;
import io.pgcarry.deploy.testing.TableComparison;
import io.pgcarry.deploy.testing.WriteLoop;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
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

  private static NamedCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = NamedCluster.start("integrity-it");
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
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
    assertThat(TableComparison.fingerprints(TestPostgres.target(), "handoff_it_copy"))
        .isEqualTo(TableComparison.fingerprints(source, "handoff_it"));
  }

  @Test
  void survivesThirtyTaskRestartsUnderAWriteLoad() throws Exception {
    LocalPostgres source = TestPostgres.source();
    CliMigration migration = start("restart_it");
    ConnectClient connect = new ConnectClient(cluster.runtime().connectUrl());
    WriteLoop workload = handoffs(source, "restart_it");
    Random random = new Random(11);
    for (int i = 0; i < 30; i++) {
      long committed = workload.transactions();
      WaitFor.condition(
          Duration.ofMinutes(1),
          "the workload to commit more transactions",
          () -> {
            workload.requireRunning();
            return workload.transactions() > committed + random.nextInt(20);
          });
      String connector = "pgcarry-restart_it-" + (random.nextBoolean() ? "source" : "sink");
      connect.restart(connector);
    }
    // Throws the workload's failure, if any.
    workload.stop();
    migration.cutover();
    assertThat(TableComparison.fingerprints(TestPostgres.target(), "restart_it_copy"))
        .isEqualTo(TableComparison.fingerprints(source, "restart_it"));
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
    return CliMigration.start(cluster, name, List.of());
  }

  /** Unique handoffs in one table, identical rows added and deleted in another. */
  private static WriteLoop handoffs(LocalPostgres source, String database) {
    Random random = new Random(5);
    return WriteLoop.start(
        "handoffs",
        () -> source.connect(database),
        Duration.ofMillis(10),
        (c, n) -> {
          c.setAutoCommit(false);
          int a = 1 + random.nextInt(200);
          int b = 1 + random.nextInt(200);
          if (a != b) {
            // A handoff through a temporary value, as an application swaps two codes.
            String codeA = code(c, a);
            String codeB = code(c, b);
            take(c, "tmp", a);
            take(c, codeA, b);
            take(c, codeB, a);
          }
          Ledger.write(c, a % 20, b % 20);
          c.commit();
        });
  }

  private static void take(Connection c, String code, int id) throws SQLException {
    try (PreparedStatement take = c.prepareStatement("UPDATE u SET code = ? WHERE id = ?")) {
      take.setString(1, code);
      take.setInt(2, id);
      take.executeUpdate();
    }
  }

  private static String code(Connection c, int id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT code FROM u WHERE id = ?")) {
      ps.setInt(1, id);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
