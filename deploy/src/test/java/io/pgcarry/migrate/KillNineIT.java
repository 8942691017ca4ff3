package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.cli.Pgcarry;
import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A {@code kill -9} of the whole {@code migrate} process — its Kafka broker and Connect worker
 * included — while changes stream under a write load. The restarted process resumes from its work
 * directory without reading the tables again; after cutover the target equals the source exactly,
 * also for a table without a key whose rows are identical, and the sink has skipped the changes the
 * source connector sent a second time.
 */
class KillNineIT {

  /** How many more transactions and applied records to wait for around the crash. */
  private static final long CHANGES_UNDER_LOAD = 100;

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

    Path firstLog = workDir.resolve("first.log");
    Process first = start(migrate, firstLog);
    awaitStreaming(dir, first, firstLog);
    Workload workload = new Workload(source);
    Thread writer = new Thread(workload);
    writer.start();
    awaitChangesApplied(dir, first, workload, firstLog);
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL on Linux
    WaitFor.condition(
        Duration.ofMinutes(1),
        "the killed connector's walsender to release the slot",
        () -> !slotActive(source));

    Path secondLog = workDir.resolve("second.log");
    Process second = start(migrate, secondLog);
    awaitStreaming(dir, second, secondLog);
    awaitChangesApplied(dir, second, workload, secondLog);
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
    // The crash path was taken: the restarted source connector sent changes a second time, and
    // the sink recognised and skipped them.
    assertThat(replaysSkipped(secondLog)).as(() -> read(secondLog)).isPositive();
    assertThat(read(secondLog)).contains("Full load from snapshot").doesNotContain("Created slot");
  }

  /** The changes the sink reported skipping as resent, from its log lines. */
  private static long replaysSkipped(Path log) {
    Matcher m =
        Pattern.compile("Skipped (\\d+) changes the source connector sent again")
            .matcher(read(log));
    long skipped = 0;
    while (m.find()) {
      skipped += Long.parseLong(m.group(1));
    }
    return skipped;
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

  /** Waits until {@code process} has published that it streams. */
  private static void awaitStreaming(WorkDir dir, Process process, Path log) {
    WaitFor.condition(
        Duration.ofMinutes(4),
        "migrate (pid " + process.pid() + ") to stream",
        () -> {
          assertThat(process.isAlive()).as(() -> read(log)).isTrue();
          return dir.readStatus()
              .map(s -> s.pid() == process.pid() && s.step() == Step.STREAMING)
              .orElse(false);
        },
        () -> read(log));
  }

  /**
   * Waits until the workload has committed {@link #CHANGES_UNDER_LOAD} more transactions and {@code
   * process} has applied as many more records, so that changes stream under load when the test goes
   * on.
   */
  private static void awaitChangesApplied(
      WorkDir dir, Process process, Workload workload, Path log) {
    long transactions = workload.transactions.get();
    long applied = dir.readStatus().orElseThrow().appliedRecords();
    WaitFor.condition(
        Duration.ofMinutes(3),
        "migrate (pid " + process.pid() + ") to apply changes of the workload",
        () -> {
          assertThat(process.isAlive()).as(() -> read(log)).isTrue();
          MigrationStatus status = dir.readStatus().orElseThrow();
          return workload.transactions.get() >= transactions + CHANGES_UNDER_LOAD
              && status.pid() == process.pid()
              && status.appliedRecords() >= applied + CHANGES_UNDER_LOAD;
        },
        () -> read(log));
  }

  private static boolean slotActive(LocalPostgres source) throws Exception {
    try (Connection c = source.connect("kill_it");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT active FROM pg_replication_slots WHERE slot_name = 'pgcarry_kill_it'")) {
      return rs.next() && rs.getBoolean(1);
    }
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
