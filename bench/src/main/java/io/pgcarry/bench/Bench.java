package io.pgcarry.bench;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableSelection;
import io.pgcarry.demo.DemoServers;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.PostgresInstallation;
import io.pgcarry.verify.TableVerifier;
import io.pgcarry.verify.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code pgcarry bench}: two local servers, the pgbench data set and a table of TOASTed rows on the
 * source, then every peer measured in the same run, one after another: M1 the full load ({@code
 * pg_dump | psql}, native logical replication, optionally Debezium with its JDBC sink, and {@code
 * pgcarry migrate} as a process of its own), M3 latency at fixed rates from the first seconds of
 * streaming, M2 the drain of a backlog of each {@link Shape} of write load, M4 keep-up under an
 * unthrottled load, with the CPU per change of every process in each; finally every target verified
 * against the source. Not thread-safe; one run per instance.
 */
public final class Bench {

  static final String SOURCE_DB = "bench";

  /** The clients of M4, as in the change-stream issue: pgbench -c 4 -j 2. */
  static final int KEEP_UP_CLIENTS = 4;

  private final BenchSettings settings;
  private final PrintWriter out;
  private final Function<String[], Integer> pgcarry;

  /**
   * @param out the terminal, for progress
   * @param pgcarry runs a pgcarry command line in this JVM and returns its exit code
   */
  public Bench(BenchSettings settings, PrintWriter out, Function<String[], Integer> pgcarry) {
    this.settings = settings;
    this.out = out;
    this.pgcarry = pgcarry;
  }

  /** Runs every measurement and returns the report. */
  public BenchReport run() throws Exception {
    Instant started = Instant.now();
    PostgresInstallation.Lookup lookup = PostgresInstallation.Lookup.fromSystemProperties();
    try (DemoServers servers = DemoServers.start(lookup, settings.workDir().resolve("servers"))) {
      // An interrupted run (Ctrl-C) stops its servers too; a finished one closes them below.
      Thread cleanup = new Thread(servers::close, "bench-servers-stop");
      Runtime.getRuntime().addShutdownHook(cleanup);
      try {
        return measure(servers, started);
      } finally {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      }
    }
  }

  private BenchReport measure(DemoServers servers, Instant started) throws Exception {
    LocalPostgres source = servers.source();
    source.recreateDatabase(SOURCE_DB);
    PgUri sourceUri = PgUri.parse(source.uri(SOURCE_DB));
    say("creating pgbench data at scale " + settings.scale() + " and bench_wide on the source");
    BenchReport.DataSet data = BenchData.create(sourceUri, settings.scale());
    say(String.format("%,d rows, %,d MiB", data.rows(), data.bytes() >> 20));
    withoutAutovacuum(PgUri.parse(servers.target().uri("postgres")));
    Machine machine = Machine.describe(version(sourceUri));
    CpuMeter cpu =
        new CpuMeter(
            ServerCpu.of(sourceUri),
            ServerCpu.of(PgUri.parse(servers.target().uri("postgres"))),
            Peers.stages(servers, sourceUri));
    List<BenchReport.CpuUse> cpuUse = new ArrayList<>();
    Peers peers = new Peers(servers, sourceUri, data.rows(), cpu, cpuUse);
    return withEndLoad(
        measure(
            started,
            machine,
            data,
            peers,
            workload(source, sourceUri, settings.scale()),
            cpu,
            cpuUse));
  }

  /**
   * Turns autovacuum off on the targets' server. The peers load one after another into databases of
   * one server, and the vacuum of a freshly loaded database runs for seconds, a minute after its
   * load: left on, it ran in the middle of the next peer's load, on its two cores and in its CPU
   * figures. The targets are compared, never served, so none of them needs it.
   */
  private static void withoutAutovacuum(PgUri server) throws SQLException {
    try (Connection c = Connections.open(server, "target");
        Statement statement = c.createStatement()) {
      statement.execute("ALTER SYSTEM SET autovacuum = off");
      statement.execute("SELECT pg_reload_conf()");
    }
  }

  private BenchReport measure(
      Instant started,
      Machine machine,
      BenchReport.DataSet data,
      Peers peers,
      Workload workload,
      CpuMeter cpu,
      List<BenchReport.CpuUse> cpuUse)
      throws Exception {
    List<BenchReport.FullLoad> loads = new ArrayList<>();
    List<BenchReport.Verification> verified = new ArrayList<>();
    peers.pgDump(settings, loads, verified, this::say);
    NativeReplica nativeReplica = peers.nativeReplica(settings, loads, this::say);
    peers.debezium(settings, loads, verified, this::say);
    PgcarryProcess migrate = peers.pgcarry(settings, loads, this::say);
    try {
      List<Replica> replicas = List.of(nativeReplica, migrate);
      PgUri source = peers.source();
      for (Replica replica : replicas) {
        LatencyRun.prepare(replica.target());
      }
      LatencyRun timed = new LatencyRun(source, workload, settings.timeout(), cpu);
      // M3 first: pgcarry is measured from its first seconds of streaming, as users meet it.
      List<BenchReport.Latency> latencies = latencies(timed, replicas, cpuUse);
      ChangeDrain drain = new ChangeDrain(source, workload, settings.timeout(), cpu);
      List<BenchReport.Drain> drains = new ArrayList<>();
      for (Shape shape :
          settings.drainTime().isZero() ? List.<Shape>of() : List.of(Shape.values())) {
        drains.addAll(drain(drain, shape, replicas, cpuUse));
      }
      List<BenchReport.Latency> keepUp =
          settings.keepUpTime().isZero() ? List.of() : keepUp(timed, replicas, cpuUse);
      for (Replica replica : replicas) {
        replica.resume();
      }
      ProcessUsage usage = migrate.usage();
      verified.addAll(finish(source, nativeReplica, migrate));
      BenchReport report =
          new BenchReport(
              started,
              machine,
              settingsOf(workload),
              data,
              loads,
              drains,
              latencies,
              keepUp,
              cpuUse,
              peers.processUse(usage, settings),
              verified,
              List.of());
      return report.withTargets(Targets.of(report));
    } finally {
      migrate.destroy();
    }
  }

  private List<BenchReport.Drain> drain(
      ChangeDrain drain, Shape shape, List<Replica> replicas, List<BenchReport.CpuUse> cpuUse)
      throws Exception {
    say(
        "M2 ("
            + shape.description()
            + "): pausing both replicas, writing a backlog for "
            + settings.drainTime().toSeconds()
            + " s");
    List<BenchReport.Drain> drains = drain.run(replicas, shape, settings.drainTime(), cpuUse);
    drains.forEach(
        d -> say(String.format("M2 %s: %,.0f changes/s", d.peer(), d.changesPerSecond())));
    return drains;
  }

  private List<BenchReport.Latency> latencies(
      LatencyRun run, List<Replica> replicas, List<BenchReport.CpuUse> cpuUse) throws Exception {
    List<BenchReport.Latency> latencies = new ArrayList<>();
    for (int rate : settings.rates()) {
      for (Replica replica : replicas) {
        List<Replica> others = replicas.stream().filter(r -> r != replica).toList();
        say(
            "M3: "
                + replica.name()
                + " at "
                + rate
                + " changes/s for "
                + settings.rateTime().toSeconds()
                + " s");
        BenchReport.Latency latency =
            run.run(
                replica,
                others,
                "M3 " + rate + " changes/s",
                rate,
                Workload.CLIENTS,
                settings.rateTime(),
                cpuUse);
        say(
            String.format(
                "M3 %s at %d/s: p50 %.0f ms, p99 %.0f ms",
                replica.name(), rate, latency.p50(), latency.p99()));
        latencies.add(latency);
      }
    }
    return latencies;
  }

  /** M4: each replica alone under pgbench as fast as the source takes it. */
  private List<BenchReport.Latency> keepUp(
      LatencyRun run, List<Replica> replicas, List<BenchReport.CpuUse> cpuUse) throws Exception {
    List<BenchReport.Latency> keepUp = new ArrayList<>();
    for (Replica replica : replicas) {
      List<Replica> others = replicas.stream().filter(r -> r != replica).toList();
      say(
          "M4: "
              + replica.name()
              + " under pgbench -c "
              + KEEP_UP_CLIENTS
              + " -j 2, unthrottled, for "
              + settings.keepUpTime().toSeconds()
              + " s");
      BenchReport.Latency latency =
          run.run(replica, others, "M4 keep-up", 0, KEEP_UP_CLIENTS, settings.keepUpTime(), cpuUse);
      say(
          String.format(
              "M4 %s: source wrote %,.0f changes/s; lag peak %.0f ms; caught up %.1f s after",
              replica.name(), latency.achievedRate(), latency.max(), latency.catchUpSeconds()));
      keepUp.add(latency);
    }
    return keepUp;
  }

  /**
   * Cuts pgcarry over, lets native replication apply what the source wrote, stops it, and verifies
   * both targets.
   */
  private List<BenchReport.Verification> finish(
      PgUri source, NativeReplica nativeReplica, PgcarryProcess migrate) throws Exception {
    say("cutting the pgcarry migration over and verifying every target");
    boolean cutover = migrate.cutover(pgcarry, settings.timeout());
    // Native replication was paused while pgcarry ran alone, last in M4: its backlog drains first.
    for (Shape shape : Shape.values()) {
      Fingerprint.of(source, shape).awaitOn(nativeReplica.target(), settings.timeout());
    }
    nativeReplica.pause();
    List<BenchReport.Verification> verified = new ArrayList<>();
    verified.add(verify("native logical replication", source, nativeReplica.target()));
    verified.add(cutover ? verify("pgcarry", source, migrate.target()) : failed("pgcarry"));
    nativeReplica.drop();
    return verified;
  }

  static BenchReport.Verification verify(String peer, PgUri source, PgUri target) throws Exception {
    VerifyReport report = new TableVerifier(source, target, TableSelection.all()).verify();
    return new BenchReport.Verification(
        peer, report.matches(), report.tables().size(), report.mismatches());
  }

  private static BenchReport.Verification failed(String peer) {
    return new BenchReport.Verification(peer, false, 0, 0);
  }

  private BenchReport.Settings settingsOf(Workload workload) {
    return new BenchReport.Settings(
        settings.scale(),
        settings.drainTime().toSeconds(),
        settings.rates(),
        settings.rateTime().toSeconds(),
        settings.keepUpTime().toSeconds(),
        KEEP_UP_CLIENTS,
        settings.migrateHeap(),
        settings.migrateJvm(),
        workload.description());
  }

  /** pgbench from the servers' installation, else on the PATH, else the same over JDBC. */
  private static Workload workload(LocalPostgres source, PgUri uri, int scale) {
    Path own = source.installation().executable("pgbench");
    Optional<Path> pgbench = Files.isExecutable(own) ? Optional.of(own) : Tools.onPath("pgbench");
    return pgbench
        .<Workload>map(p -> new PgbenchWorkload(p, source.port(), SOURCE_DB, scale))
        .orElseGet(() -> new JdbcWorkload(uri));
  }

  private static String version(PgUri source) throws Exception {
    try (Connection c = Connections.open(source, "source");
        ResultSet rs = c.createStatement().executeQuery("SHOW server_version")) {
      rs.next();
      return "PostgreSQL " + rs.getString(1);
    }
  }

  private static BenchReport withEndLoad(BenchReport r) {
    return r.withMachine(r.machine().ended());
  }

  private void say(String line) {
    out.println("bench: " + line);
    out.flush();
  }
}
