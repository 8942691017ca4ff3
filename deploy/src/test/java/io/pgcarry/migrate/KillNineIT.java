package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.cli.Pgcarry;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A {@code kill -9} of the whole {@code migrate} process — its Kafka broker and Connect worker
 * included — while changes stream under a write load. The restarted process resumes from its work
 * directory; after cutover the target equals the source exactly, also for a table without a key
 * whose rows are identical.
 */
class KillNineIT {

  @Test
  void killedMigrationResumesWithoutLosingOrDuplicatingRows() throws Exception {
    LocalPostgres source = TestPostgres.source();
    LocalPostgres target = TestPostgres.target();
    source.recreateDatabase("kill_it");
    try (Connection c = target.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS kill_it_copy WITH (FORCE)");
    }
    try (Connection c = source.connect("kill_it");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE account (id int PRIMARY KEY, balance bigint NOT NULL)");
      s.execute("CREATE TABLE ledger (account int, amount bigint)");
      s.execute("ALTER TABLE ledger REPLICA IDENTITY FULL");
      s.execute("INSERT INTO account SELECT i, 1000 FROM generate_series(1, 5000) i");
      s.execute("INSERT INTO ledger SELECT i % 50, 1 FROM generate_series(1, 5000) i");
    }
    Path workDir = Files.createTempDirectory("kill-it");
    List<String> migrate =
        List.of(
            "migrate",
            "--source",
            source.uri("kill_it"),
            "--target",
            target.uri("kill_it_copy"),
            "--name",
            "kill_it",
            "--work-dir",
            workDir.toString());
    WorkDir dir = new WorkDir(workDir, "kill_it");

    Process first = start(migrate, workDir.resolve("first.log"));
    awaitStreaming(dir, first, workDir.resolve("first.log"));
    Workload workload = new Workload(source);
    Thread writer = new Thread(workload);
    writer.start();
    Thread.sleep(6000);
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL on Linux
    Thread.sleep(2000);

    Process second = start(migrate, workDir.resolve("second.log"));
    awaitFreshStatus(dir, second, workDir.resolve("second.log"));
    Thread.sleep(6000);
    workload.running.set(false);
    writer.join();
    assertThat(workload.failure).isNull();
    assertThat(workload.transactions.get()).isGreaterThan(50);

    StringWriter output = new StringWriter();
    var cutover = Pgcarry.commandLine();
    cutover.setOut(new PrintWriter(output, true));
    cutover.setErr(new PrintWriter(output, true));
    int code = cutover.execute("cutover", "--name", "kill_it", "--work-dir", workDir.toString());
    assertThat(code).as(output + Files.readString(workDir.resolve("second.log"))).isZero();
    assertThat(second.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(second.exitValue()).isZero();

    assertThat(MigratePagilaIT.fingerprints(target, "kill_it_copy"))
        .isEqualTo(MigratePagilaIT.fingerprints(source, "kill_it"));
  }

  private static Process start(List<String> args, Path log) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Pgcarry.class.getName()));
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static void awaitStreaming(WorkDir dir, Process process, Path log) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (Instant.now().isBefore(deadline)) {
      assertThat(process.isAlive()).as(() -> read(log)).isTrue();
      if (dir.readStatus().map(s -> s.step() == Step.STREAMING).orElse(false)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("not streaming in time:\n" + read(log));
  }

  private static void awaitFreshStatus(WorkDir dir, Process process, Path log) throws Exception {
    Instant started = Instant.now();
    Instant deadline = started.plus(Duration.ofMinutes(3));
    while (Instant.now().isBefore(deadline)) {
      assertThat(process.isAlive()).as(() -> read(log)).isTrue();
      var status = dir.readStatus();
      if (status.isPresent()
          && status.get().pid() == process.pid()
          && status.get().step() == Step.STREAMING) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("restarted migrate did not stream in time:\n" + read(log));
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (Exception e) {
      return e.toString();
    }
  }

  /**
   * Transfers between accounts, with a ledger of identical rows, deleting one of them now and then.
   */
  private static final class Workload implements Runnable {
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong transactions = new AtomicLong();
    final LocalPostgres source;
    volatile Exception failure;

    Workload(LocalPostgres source) {
      this.source = source;
    }

    @Override
    public void run() {
      Random random = new Random(7);
      try (Connection c = source.connect("kill_it");
          PreparedStatement debit =
              c.prepareStatement("UPDATE account SET balance = balance - 1 WHERE id = ?");
          PreparedStatement credit =
              c.prepareStatement("UPDATE account SET balance = balance + 1 WHERE id = ?");
          PreparedStatement ledger = c.prepareStatement("INSERT INTO ledger VALUES (?, 1)");
          PreparedStatement forget =
              c.prepareStatement(
                  "DELETE FROM ledger WHERE ctid = (SELECT ctid FROM ledger WHERE account = ?"
                      + " LIMIT 1)")) {
        c.setAutoCommit(false);
        while (running.get()) {
          int from = 1 + random.nextInt(5000);
          int to = 1 + random.nextInt(5000);
          debit.setInt(1, from);
          debit.executeUpdate();
          credit.setInt(1, to);
          credit.executeUpdate();
          ledger.setInt(1, from % 50);
          ledger.executeUpdate();
          ledger.executeUpdate();
          forget.setInt(1, to % 50);
          forget.executeUpdate();
          c.commit();
          transactions.incrementAndGet();
          Thread.sleep(20);
        }
      } catch (Exception e) {
        failure = e;
      }
    }
  }
}
