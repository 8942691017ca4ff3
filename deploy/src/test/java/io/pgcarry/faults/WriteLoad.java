package io.pgcarry.faults;

import io.pgcarry.deploy.testing.Ledger;
import io.pgcarry.deploy.testing.WriteLoop;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.PostgresInstallation;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sustained write load of the fault scenarios: pgbench's TPC-B-like transactions at a fixed
 * rate (four row changes each) and a writer of a table without a key whose rows are identical (two
 * equal rows inserted, one row deleted, per transaction; a {@link WriteLoop}). Both outlive faults:
 * pgbench is started again when a fault ended it, the writer reconnects. {@link #pause()} returns
 * once no transaction of either is in flight. Thread-safe.
 */
final class WriteLoad implements AutoCloseable {

  /** pgbench transactions per second. */
  private static final int RATE = 60;

  private final LocalPostgres server;
  private final String database;
  private final String user;
  private final String password;
  private final Path log;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean paused = new AtomicBoolean(true);
  private final AtomicLong ledgerChanges = new AtomicLong();
  private final Random random = new Random(11);
  private final Thread supervisor;
  private WriteLoop ledger;
  private Process pgbench;

  WriteLoad(LocalPostgres server, String database, String user, String password, Path log) {
    this.server = server;
    this.database = database;
    this.user = user;
    this.password = password;
    this.log = log;
    this.supervisor = new Thread(this::supervise, "pgbench-supervisor");
    supervisor.setDaemon(true);
    supervisor.start();
  }

  /**
   * Creates pgbench's tables at {@code scale}, the keyless ledger of identical rows and the marker
   * table the scenarios use to see a change arrive; as {@code user}, who then owns them.
   */
  static void initialize(
      LocalPostgres server, String database, String user, String password, int scale)
      throws IOException, InterruptedException, SQLException {
    run(
        server,
        password,
        List.of(
            pgbench().toString(),
            "-i",
            "-q",
            "-s",
            Integer.toString(scale),
            "-h",
            "127.0.0.1",
            "-p",
            Integer.toString(server.port()),
            "-U",
            user,
            database),
        null);
    try (Connection c = connect(server, database, user, password);
        Statement s = c.createStatement()) {
      // pgbench_history has no key: its inserts reach the target by their whole row.
      s.execute("ALTER TABLE pgbench_history REPLICA IDENTITY FULL");
      s.execute("CREATE TABLE ledger (account int NOT NULL, amount bigint NOT NULL)");
      s.execute("ALTER TABLE ledger REPLICA IDENTITY FULL");
      s.execute("INSERT INTO ledger SELECT i % 50, 1 FROM generate_series(1, 2000) i");
      s.execute("CREATE TABLE fault_marker (id int PRIMARY KEY, label text NOT NULL)");
    }
  }

  /** pgbench of PostgreSQL 15, which also drives the servers of other majors. */
  private static Path pgbench() {
    return PostgresInstallation.find(15).executable("pgbench");
  }

  void start() {
    resume();
  }

  /** Stops writing; returns once nothing is in flight. */
  synchronized void pause() throws InterruptedException {
    paused.set(true);
    stopPgbench();
    if (ledger != null) {
      ledger.pause();
    }
  }

  synchronized void resume() {
    paused.set(false);
    if (ledger == null) {
      ledger =
          WriteLoop.outlivingFaults(
              "ledger-writer",
              () -> connect(server, database, user, password),
              Duration.ofMillis(30),
              this::writeLedger);
    } else {
      ledger.resume();
    }
  }

  /** Row changes committed so far: four per pgbench transaction, three per ledger transaction. */
  long changes() throws SQLException {
    try (Connection c = connect(server, database, user, password);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pgbench_history")) {
      rs.next();
      return 4 * rs.getLong(1) + ledgerChanges.get();
    }
  }

  private void supervise() {
    while (!closed.get()) {
      try {
        synchronized (this) {
          if (!paused.get() && (pgbench == null || !pgbench.isAlive()) && accepts()) {
            pgbench = startPgbench();
          }
        }
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        throw new IllegalStateException("cannot start pgbench", e);
      }
    }
  }

  private Process startPgbench() throws IOException {
    List<String> command =
        List.of(
            pgbench().toString(),
            "-n",
            "-c",
            "2",
            "-j",
            "2",
            "-R",
            Integer.toString(RATE),
            "-T",
            "36000",
            "-h",
            "127.0.0.1",
            "-p",
            Integer.toString(server.port()),
            "-U",
            user,
            database);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("PGPASSWORD", password);
    return builder.start();
  }

  private void stopPgbench() throws InterruptedException {
    if (pgbench != null && pgbench.isAlive()) {
      pgbench.destroy();
      if (!pgbench.waitFor(30, TimeUnit.SECONDS)) {
        pgbench.destroyForcibly().waitFor();
      }
    }
  }

  private boolean accepts() {
    try (Connection c = connect(server, database, user, password)) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /** Two identical rows in, one row of another account out. */
  private void writeLedger(Connection c, long n) throws SQLException {
    c.setAutoCommit(false);
    int account = random.nextInt(50);
    int changed = Ledger.write(c, account, (account + 7) % 50);
    c.commit();
    ledgerChanges.addAndGet(changed);
  }

  static Connection connect(LocalPostgres server, String database, String user, String password)
      throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl(database), user, password);
  }

  static String run(LocalPostgres server, String password, List<String> command, Path workDir)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
    builder.environment().put("PGPASSWORD", password);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }

  @Override
  public void close() throws Exception {
    WriteLoop writer;
    synchronized (this) {
      paused.set(true);
      closed.set(true);
      stopPgbench();
      writer = ledger;
    }
    supervisor.interrupt();
    supervisor.join(10_000);
    if (writer != null) {
      writer.stop();
    }
  }
}
