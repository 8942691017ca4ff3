package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.deploy.ConnectClient;
import io.pgcarry.deploy.EmbeddedRuntime;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    Migration migration = Migration.start("handoff_it");
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
    Migration migration = Migration.start("restart_it");
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

  /** A migration of a fresh database of {@code name}, run by the CLI in this JVM. */
  private record Migration(
      String name, Path workDir, CompletableFuture<Integer> run, StringWriter output) {

    static Migration start(String name) throws Exception {
      LocalPostgres source = TestPostgres.source();
      LocalPostgres target = TestPostgres.target();
      source.recreateDatabase(name);
      try (Connection c = target.connect("postgres");
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + "_copy WITH (FORCE)");
      }
      try (Connection c = source.connect(name);
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE u (id int PRIMARY KEY, code text NOT NULL UNIQUE,"
                + " rank int NOT NULL UNIQUE DEFERRABLE INITIALLY DEFERRED, note text)");
        s.execute(
            "INSERT INTO u SELECT i, 'c' || i, i, 'row ' || i FROM generate_series(1, 200) i");
        s.execute("CREATE TABLE ledger (account int, amount bigint)");
        s.execute("ALTER TABLE ledger REPLICA IDENTITY FULL");
        s.execute("INSERT INTO ledger SELECT i % 20, 1 FROM generate_series(1, 2000) i");
      }
      Path workDir = Files.createTempDirectory(name);
      Path secrets = secretsFile(name);
      StringWriter output = new StringWriter();
      CompletableFuture<Integer> run =
          PgcarryCli.start(
              output,
              "migrate",
              "--source",
              source.uri(name),
              "--target",
              target.uri(name + "_copy"),
              "--name",
              name,
              "--work-dir",
              workDir.toString(),
              "--connect-url",
              runtime.connectUrl().toString(),
              "--bootstrap-servers",
              runtime.bootstrapServers(),
              "--worker-secrets",
              secrets.toString());
      WorkDir dir = new WorkDir(workDir, name);
      WaitFor.condition(
          Duration.ofMinutes(4),
          "migration " + name + " to stream",
          () -> {
            if (run.isDone()) {
              throw new AssertionError("migrate exited with " + run.get() + ": " + output);
            }
            return dir.readStatus().map(st -> st.step() == Step.STREAMING).orElse(false);
          },
          output::toString);
      return new Migration(name, workDir, run, output);
    }

    void cutover() throws Exception {
      int code =
          PgcarryCli.run(output, "cutover", "--name", name, "--work-dir", workDir.toString());
      assertThat(code).as(output::toString).isZero();
      assertThat(run.get(2, TimeUnit.MINUTES)).as(output::toString).isZero();
    }
  }

  /** The secrets file of one migration, as a team puts it on its workers. */
  private static Path secretsFile(String name) throws Exception {
    Path secrets = secretsDir.resolve(name + ".properties");
    Files.writeString(
        secrets,
        ConnectorSecrets.SOURCE_PASSWORD
            + "="
            + LocalPostgres.SUPERUSER
            + "\n"
            + ConnectorSecrets.TARGET_URI
            + "="
            + TestPostgres.target().uri(name + "_copy")
            + "\n");
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
    return secrets;
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
