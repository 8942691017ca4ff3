package io.pgcarry.migrate;

import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.PostgresInstallation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * pgbench's TPC-B-like transactions (three updates and an insert each) at a fixed rate on two
 * connections, as an application writing a test database: in runs of a few seconds, one after
 * another, so that each run ends by itself and writes its per-transaction log whole, from which the
 * longest transaction is read. Not thread-safe: one caller starts and stops it.
 */
final class PgbenchLoad implements AutoCloseable {

  /** How long each pgbench run lasts. */
  private static final int SEGMENT_SECONDS = 5;

  private final LocalPostgres server;
  private final String database;
  private final int transactionsPerSecond;
  private final Path dir;
  private final Thread runner;
  private volatile boolean running = true;
  private volatile String failure;
  private long transactions;
  private long longestMicros;
  private long longestWithLagMicros;

  private PgbenchLoad(LocalPostgres server, String database, int transactionsPerSecond, Path dir) {
    this.server = server;
    this.database = database;
    this.transactionsPerSecond = transactionsPerSecond;
    this.dir = dir;
    this.runner = new Thread(this::runSegments, "pgbench-load");
  }

  /** Creates pgbench's tables at {@code scale} in the database, as the superuser. */
  static void initialize(LocalPostgres server, String database, int scale)
      throws IOException, InterruptedException, SQLException {
    Process init =
        pgbench(server, database, List.of("-i", "-q", "-s", Integer.toString(scale)))
            .redirectErrorStream(true)
            .start();
    String output = new String(init.getInputStream().readAllBytes());
    if (init.waitFor() != 0) {
      throw new IOException("pgbench -i failed: " + output);
    }
    try (Connection c = server.connect(database);
        Statement s = c.createStatement()) {
      // pgbench_history has no key: its inserts reach the target by their whole row.
      s.execute("ALTER TABLE pgbench_history REPLICA IDENTITY FULL");
    }
  }

  /** Starts writing {@code transactionsPerSecond} transactions a second. */
  static PgbenchLoad start(LocalPostgres server, String database, int transactionsPerSecond)
      throws IOException {
    PgbenchLoad load =
        new PgbenchLoad(
            server, database, transactionsPerSecond, Files.createTempDirectory("pgbench-load"));
    load.runner.start();
    return load;
  }

  private void runSegments() {
    int segment = 0;
    while (running) {
      segment++;
      String prefix = "run-" + segment;
      try {
        Process run =
            pgbench(
                    server,
                    database,
                    List.of(
                        "-n",
                        "-c",
                        "2",
                        "-j",
                        "2",
                        "-R",
                        Integer.toString(transactionsPerSecond),
                        "-T",
                        Integer.toString(SEGMENT_SECONDS),
                        "-l",
                        "--log-prefix",
                        dir.resolve(prefix).toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(prefix + ".out").toFile())
                .start();
        int exit = run.waitFor();
        if (exit != 0) {
          failure =
              "pgbench exited "
                  + exit
                  + " ("
                  + prefix
                  + "): "
                  + Files.readString(dir.resolve(prefix + ".out"));
          return;
        }
        readLogs(prefix);
      } catch (IOException e) {
        failure = e.toString();
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Reads a run's per-transaction logs: {@code client transaction time script epoch us lag}, the
   * time from the scheduled start in microseconds, the lag from the scheduled to the actual start.
   */
  private void readLogs(String prefix) throws IOException {
    List<Path> logs;
    try (Stream<Path> files = Files.list(dir)) {
      logs =
          files
              .filter(f -> f.getFileName().toString().startsWith(prefix + "."))
              .filter(f -> !f.getFileName().toString().endsWith(".out"))
              .toList();
    }
    for (Path log : logs) {
      for (String line : Files.readAllLines(log)) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 7 || !fields[2].chars().allMatch(Character::isDigit)) {
          continue; // a transaction skipped or failed
        }
        long time = Long.parseLong(fields[2]);
        long lag = Long.parseLong(fields[6]);
        synchronized (this) {
          transactions++;
          longestMicros = Math.max(longestMicros, time - lag);
          longestWithLagMicros = Math.max(longestWithLagMicros, time);
        }
      }
    }
  }

  private static ProcessBuilder pgbench(LocalPostgres server, String database, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(PostgresInstallation.find(15).executable("pgbench").toString());
    command.addAll(args);
    command.addAll(
        List.of(
            "-h",
            "127.0.0.1",
            "-p",
            Integer.toString(server.port()),
            "-U",
            LocalPostgres.SUPERUSER,
            database));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PGPASSWORD", LocalPostgres.SUPERUSER);
    return builder;
  }

  /** Why pgbench stopped writing, or null while it writes. */
  String failure() {
    return failure;
  }

  /** Transactions committed by the runs that ended. */
  synchronized long transactions() {
    return transactions;
  }

  /** The longest transaction of the runs that ended, from its start to its commit, in ms. */
  synchronized double longestMillis() {
    return longestMicros / 1000.0;
  }

  /**
   * The longest transaction of the runs that ended, from when it was due to its commit, in ms: a
   * transaction that waited delays the next ones of its connection.
   */
  synchronized double longestFromScheduleMillis() {
    return longestWithLagMicros / 1000.0;
  }

  /** Stops after the current run, which ends within a few seconds. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    runner.join();
  }
}
