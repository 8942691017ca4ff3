package io.pgcarry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.MigrationName;
import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.deploy.testing.TableComparison;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.migrate.Step;
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
import java.util.Map;

/**
 * One migration under a sustained write load ({@link WriteLoad}) that faults are injected into, one
 * after another: the source database, its load, the {@code migrate} process, and the measurements
 * each fault ends with. Every fault is followed by a marker row committed on the source once the
 * fault is over (its arrival on the target is the recovery) and a comparison of every table at a
 * quiet moment (the load paused until the target has caught up). After {@link #cutoverWithFallback}
 * the same holds the other way: the load writes on the new server (the target), markers are
 * committed there and awaited on the old one, and comparisons take the new server as the reference.
 * Not thread-safe.
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

  /** The application's load on the new server once it streams back, else null. */
  private WriteLoad backLoad;

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

  /** The load of the direction that streams now: on the source, or on the new server. */
  WriteLoad activeLoad() {
    return backLoad == null ? load : backLoad;
  }

  /** Where the application writes now: the source, or the new server once it streams back. */
  private Connection connectOrigin() throws Exception {
    return backLoad == null ? connectSource() : connectTarget();
  }

  /** Where pgcarry applies the application's writes now: the target, or the old server. */
  private Connection connectCopy() throws Exception {
    return backLoad == null ? connectTarget() : connectSource();
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

  /**
   * The slot the direction that streams now reads: the migration's on the source, or its way back's
   * on the new server.
   */
  private String streamingSlot() {
    MigrationName forward = new MigrationName(name);
    return backLoad == null ? forward.slotName() : forward.fallback().slotName();
  }

  /** The server the direction that streams now reads from. */
  private LocalPostgres streamingServer() {
    return backLoad == null ? source : target;
  }

  /**
   * Whether the newest change applied by the sink of the direction that streams now is past its
   * slot's confirmed position: a migrate killed then must have that change's transaction sent
   * again, and skip it.
   */
  boolean appliedBeyondSlot() throws Exception {
    String applied;
    try (Connection c = connectCopy();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT max(source_lsn)::text FROM pgcarry.applied_position")) {
      rs.next();
      applied = rs.getString(1);
    }
    try (Connection c = streamingServer().connect("postgres");
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT ?::pg_lsn > confirmed_flush_lsn FROM pg_replication_slots"
                    + " WHERE slot_name = ?")) {
      ps.setString(1, applied);
      ps.setString(2, streamingSlot());
      try (ResultSet rs = ps.executeQuery()) {
        return applied != null && rs.next() && rs.getBoolean(1);
      }
    }
  }

  /** Whether a walsender streams from the slot of the direction that streams now. */
  boolean slotActive() throws Exception {
    try (Connection c = streamingServer().connect("postgres");
        PreparedStatement ps =
            c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
      ps.setString(1, streamingSlot());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /**
   * {@code kill -9} of migrate at a moment its sink has applied a change its slot has not
   * confirmed, once the walsender is gone, then migrate started again with {@code options}.
   *
   * @return whether the kill left such a change (unless the slot confirmed it in the instant
   *     before): the restarted migrate then has resends to skip
   */
  boolean killWithResendsAndRestart(String... options) throws Exception {
    WaitFor.condition(
        STEP_TIMEOUT,
        "the sink to apply a change the slot has not confirmed",
        this::appliedBeyondSlot);
    process.kill();
    WaitFor.condition(Duration.ofMinutes(1), "the walsender to end", () -> !slotActive());
    boolean resends = appliedBeyondSlot();
    startMigrate(options);
    return resends;
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
   * Commits a marker row where the application writes (the source, or the new server) as soon as it
   * accepts writes, and returns how long it took from then until the row was applied on the other
   * side.
   */
  Duration markerApplied(Duration timeout) {
    int id = ++markers;
    WaitFor.condition(
        timeout,
        "the application's server to accept marker " + id,
        () -> {
          try (Connection c = connectOrigin();
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
        "marker " + id + " to be applied on the other side",
        () -> {
          assertThat(process.isAlive()).as(process::log).isTrue();
          try (Connection c = connectCopy();
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
    WriteLoad active = activeLoad();
    active.pause();
    try {
      markerApplied(CATCH_UP);
      TableComparison[] last = new TableComparison[1];
      try {
        WaitFor.condition(
            Duration.ofSeconds(60),
            "the copy to equal the application's server",
            () -> {
              MigrationStatus status = process.status().orElseThrow();
              try (Connection s = connectOrigin();
                  Connection t = connectCopy()) {
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
      active.resume();
    }
  }

  /**
   * Measures a fault: {@code inject} starts it and returns when it is over; then the recovery and a
   * comparison. Fails unless the target equals the source.
   */
  FaultFigures fault(String label, Fault inject) throws Exception {
    WriteLoad active = activeLoad();
    long changesBefore = active.changes();
    Instant start = Instant.now();
    try {
      inject.run();
    } finally {
      // A fault that failed half-way must not leave a server stopped for the tests after it.
      source.restart();
      target.restart();
    }
    Instant end = Instant.now();
    Duration recovered = markerApplied(CATCH_UP);
    long changesAfter = active.changes();
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

  /**
   * Runs {@code pgcarry cutover --fallback}; once migrate streams back, starts the application's
   * load on the new server (pgbench and the ledger, as on the source before), and from then on
   * markers and comparisons go from the new server to the old one.
   */
  void cutoverWithFallback() throws Exception {
    load.pause();
    StringWriter output = new StringWriter();
    int code =
        PgcarryCli.run(
            output, "cutover", "--name", name, "--work-dir", workDir.toString(), "--fallback");
    assertThat(code).as(() -> output + process.log()).isZero();
    process.awaitStep(Step.REVERSE_STREAMING, STEP_TIMEOUT);
    backLoad =
        new WriteLoad(
            target,
            targetDatabase,
            LocalPostgres.SUPERUSER,
            LocalPostgres.SUPERUSER,
            workDir.resolve("pgbench-new-server.log"));
    backLoad.start();
  }

  /**
   * Stops the load on the new server, runs {@code pgcarry fallback} and waits for migrate to exit
   * 0.
   *
   * @return the time from the command's start to its exit, and what it printed
   */
  Map.Entry<Duration, String> fallback() throws Exception {
    backLoad.pause();
    StringWriter output = new StringWriter();
    Instant start = Instant.now();
    int code = PgcarryCli.run(output, "fallback", "--name", name, "--work-dir", workDir.toString());
    Duration took = Duration.between(start, Instant.now());
    assertThat(code).as(() -> output + process.log()).isZero();
    assertThat(process.waitFor(Duration.ofMinutes(2))).as(process::log).isZero();
    return Map.entry(took, output.toString());
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
    if (backLoad != null) {
      backLoad.close();
    }
    if (process != null && process.isAlive()) {
      process.kill();
    }
  }
}
