package io.pgcarry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.deploy.testing.TableComparison;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.migrate.state.MigrationStatus;
import io.pgcarry.migrate.state.WorkDir;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One migration under a sustained write load ({@link WriteLoad}) that faults are injected into, one
 * after another: the source database, its load, the {@code migrate} process, and the measurements
 * each fault ends with. Every fault is followed by a marker row committed on the source once the
 * fault is over (its arrival on the target is the recovery) and a comparison of every table at a
 * quiet moment (the load paused until the target has caught up). Not thread-safe.
 */
final class MigrationUnderLoad implements AutoCloseable {

  static final Duration STEP_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration CATCH_UP = Duration.ofMinutes(3);

  final LocalPostgres source;
  final LocalPostgres target;
  final String database;
  final String targetDatabase;
  final String name;
  final Path workDir;
  final WorkDir dir;
  final WriteLoad load;
  private final String sourceUri;
  private final String targetUri;
  private final String sourceUser;
  private final String sourcePassword;
  private MigrateProcess process;
  private int markers;
  private int runs;

  private MigrationUnderLoad(
      LocalPostgres source,
      LocalPostgres target,
      String name,
      String sourceUri,
      String targetUri,
      String sourceUser,
      String sourcePassword)
      throws Exception {
    this.source = source;
    this.target = target;
    this.name = name;
    this.database = name;
    this.targetDatabase = name + "_copy";
    this.sourceUri = sourceUri;
    this.targetUri = targetUri;
    this.sourceUser = sourceUser;
    this.sourcePassword = sourcePassword;
    this.workDir = Files.createTempDirectory("pgcarry-" + name);
    this.dir = new WorkDir(workDir, name);
    this.load =
        new WriteLoad(source, database, sourceUser, sourcePassword, workDir.resolve("pgbench.log"));
  }

  /**
   * A fresh source database {@code name} with pgbench's tables at {@code scale} and the keyless
   * ledger, as the superuser, and no target database yet.
   */
  static MigrationUnderLoad prepare(
      LocalPostgres source, LocalPostgres target, String name, int scale) throws Exception {
    initialize(source, target, name, scale);
    return migrating(source, target, name, source.uri(name), target.uri(name + "_copy"));
  }

  /** The source database with its tables and rows, and no target database. */
  static void initialize(LocalPostgres source, LocalPostgres target, String name, int scale)
      throws Exception {
    source.recreateDatabase(name);
    dropTarget(target, name + "_copy");
    WriteLoad.initialize(source, name, LocalPostgres.SUPERUSER, LocalPostgres.SUPERUSER, scale);
  }

  /**
   * A migration of the prepared source database {@code name} into {@code name_copy}, with the URIs
   * given (other roles, TLS); the load runs as the superuser.
   */
  static MigrationUnderLoad migrating(
      LocalPostgres source, LocalPostgres target, String name, String sourceUri, String targetUri)
      throws Exception {
    return new MigrationUnderLoad(
        source,
        target,
        name,
        sourceUri,
        targetUri,
        LocalPostgres.SUPERUSER,
        LocalPostgres.SUPERUSER);
  }

  static void dropTarget(LocalPostgres target, String database) throws Exception {
    try (Connection c = target.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS \"" + database.replace("\"", "\"\"") + "\" WITH (FORCE)");
    }
  }

  /** Starts {@code pgcarry migrate} in a new process, with more options when given. */
  MigrateProcess startMigrate(String... options) throws Exception {
    runs++;
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "migrate",
                "--source",
                sourceUri,
                "--target",
                targetUri,
                "--name",
                name,
                "--work-dir",
                workDir.toString()));
    args.addAll(List.of(options));
    process = MigrateProcess.start(args, dir, workDir.resolve("migrate-" + runs + ".log"));
    return process;
  }

  MigrateProcess process() {
    return process;
  }

  Connection connectSource() throws Exception {
    return WriteLoad.connect(source, database, sourceUser, sourcePassword);
  }

  Connection connectTarget() throws Exception {
    return target.connect(targetDatabase);
  }

  /** The active backends of the source database running {@code query LIKE pattern}. */
  List<Integer> backends(String pattern) throws Exception {
    List<Integer> pids = new ArrayList<>();
    try (Connection c = source.connect("postgres");
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE datname = ? AND query LIKE ?"
                    + " AND state = 'active' AND pid <> pg_backend_pid()")) {
      ps.setString(1, database);
      ps.setString(2, pattern);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          pids.add(rs.getInt(1));
        }
      }
    }
    return pids;
  }

  /** The walsender streaming from the migration's slot, once there is one. */
  int walsender() {
    return WaitFor.value(
        STEP_TIMEOUT,
        "a walsender to stream from slot pgcarry_" + name,
        () -> {
          try (Connection c = source.connect("postgres");
              PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT active_pid FROM pg_replication_slots WHERE slot_name = ?"
                          + " AND active")) {
            ps.setString(1, "pgcarry_" + name);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? java.util.Optional.of(rs.getInt(1)) : java.util.Optional.empty();
            }
          }
        },
        process::log);
  }

  /** Waits until the migration's slot exists: the full load has begun. */
  void awaitSlot(Duration timeout) {
    WaitFor.condition(
        timeout,
        "slot pgcarry_" + name + " to be created",
        () -> {
          assertThat(process.isAlive()).as(process::log).isTrue();
          try (Connection c = source.connect("postgres");
              PreparedStatement ps =
                  c.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, "pgcarry_" + name);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        },
        process::log);
  }

  static void terminate(LocalPostgres server, int pid) throws Exception {
    try (Connection c = server.connect("postgres");
        PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
      ps.setInt(1, pid);
      ps.execute();
    }
  }

  /**
   * Commits a marker row on the source as soon as it accepts writes, and returns how long it took
   * from then until the row was on the target.
   */
  Duration markerApplied(Duration timeout) {
    int id = ++markers;
    WaitFor.condition(
        timeout,
        "the source to accept marker " + id,
        () -> {
          try (Connection c = connectSource();
              PreparedStatement ps =
                  c.prepareStatement("INSERT INTO fault_marker VALUES (?, 'marker')")) {
            ps.setInt(1, id);
            ps.executeUpdate();
            return true;
          } catch (java.sql.SQLException e) {
            return false;
          }
        });
    Instant committed = Instant.now();
    WaitFor.condition(
        timeout,
        "marker " + id + " to reach the target",
        () -> {
          assertThat(process.isAlive()).as(process::log).isTrue();
          try (Connection c = connectTarget();
              PreparedStatement ps =
                  c.prepareStatement("SELECT 1 FROM fault_marker WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          } catch (java.sql.SQLException e) {
            return false;
          }
        },
        process::log);
    return Duration.between(committed, Instant.now());
  }

  /**
   * Pauses the load, waits until the target has applied everything, compares every table, and
   * resumes the load. The comparison is polled: a change of another table may reach the target a
   * moment after the marker.
   */
  TableComparison quietComparison() throws Exception {
    load.pause();
    try {
      markerApplied(CATCH_UP);
      TableComparison[] last = new TableComparison[1];
      try {
        WaitFor.condition(
            Duration.ofSeconds(60),
            "the target to equal the source",
            () -> {
              MigrationStatus status = process.status().orElseThrow();
              try (Connection s = connectSource();
                  Connection t = connectTarget()) {
                last[0] = TableComparison.of(s, t);
              }
              return last[0].equal() && status.lagRecords() == 0;
            },
            () -> String.valueOf(last[0]));
      } catch (AssertionError e) {
        if (last[0] == null) {
          throw e;
        }
        // Otherwise the caller reports what differs, with the figures.
      }
      return last[0];
    } finally {
      load.resume();
    }
  }

  /**
   * Measures a fault: {@code inject} starts it and returns when it is over; then the recovery and a
   * comparison. Fails unless the target equals the source.
   */
  FaultFigures fault(String label, Fault inject) throws Exception {
    long changesBefore = load.changes();
    Instant start = Instant.now();
    inject.run();
    Instant end = Instant.now();
    Duration recovered = markerApplied(CATCH_UP);
    long changesAfter = load.changes();
    double seconds = Math.max(0.001, Duration.between(start, Instant.now()).toMillis() / 1000.0);
    TableComparison comparison = quietComparison();
    FaultFigures figures =
        new FaultFigures(
            label,
            (changesAfter - changesBefore) / seconds,
            Duration.between(start, end),
            recovered,
            comparison.rows(),
            comparison.lost(),
            comparison.duplicated());
    figures.report();
    assertThat(comparison.equal())
        .as(() -> label + ": " + comparison + "\n" + process.log())
        .isTrue();
    return figures;
  }

  /** Runs {@code pgcarry cutover} and waits for migrate to exit 0. */
  void cutover() throws Exception {
    load.pause();
    StringWriter output = new StringWriter();
    int code = PgcarryCli.run(output, "cutover", "--name", name, "--work-dir", workDir.toString());
    assertThat(code).as(() -> output + process.log()).isZero();
    assertThat(process.waitFor(Duration.ofMinutes(2))).as(process::log).isZero();
  }

  /** Compares after cutover; the slot must be gone. */
  TableComparison finalComparison() throws Exception {
    try (Connection s = connectSource();
        Connection t = connectTarget()) {
      TableComparison comparison = TableComparison.of(s, t);
      try (Statement st = s.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'pgcarry_"
                      + name
                      + "'")) {
        rs.next();
        assertThat(rs.getLong(1)).as("slots left").isZero();
      }
      return comparison;
    }
  }

  /** A fault's injection, which returns when the fault is over. */
  @FunctionalInterface
  interface Fault {
    void run() throws Exception;
  }

  @Override
  public void close() throws Exception {
    load.close();
    if (process != null && process.isAlive()) {
      process.kill();
    }
  }
}
