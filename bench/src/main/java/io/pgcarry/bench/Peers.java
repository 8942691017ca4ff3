package io.pgcarry.bench;

import io.pgcarry.common.PgUri;
import io.pgcarry.demo.DemoServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The full loads of M1, one per peer, each into its own new database on the target server, with
 * what M2 and M3 need of them afterwards. Not thread-safe.
 */
final class Peers {

  /** How often the migrate JVM's threads are read during its full load. */
  /** The phase of the CPU readings of this class's full loads. */
  static final String M1 = "M1 full load";

  /** The target database of pgcarry's full load. */
  private static final String PGCARRY_DB = "bench_pgcarry";

  private static final Duration THREAD_READINGS = Duration.ofMillis(200);

  private final DemoServers servers;
  private final PgUri source;
  private final long rows;
  private final CpuMeter cpu;
  private final List<BenchReport.CpuUse> cpuUse;
  private double pgDumpSeconds;
  private ProcessUsage fullLoadUsage;
  private Optional<Path> profile = Optional.empty();

  /**
   * @param cpu measures each peer's full load, whose CPU use goes to {@code cpuUse}
   */
  Peers(
      DemoServers servers, PgUri source, long rows, CpuMeter cpu, List<BenchReport.CpuUse> cpuUse) {
    this.servers = servers;
    this.source = source;
    this.rows = rows;
    this.cpu = cpu;
    this.cpuUse = cpuUse;
  }

  /** The stages of pgcarry's migrate JVM, as {@link #pgcarry} names its connectors. */
  static CpuStages stages(DemoServers servers, PgUri source) {
    return PgcarryProcess.stages(source, PgUri.parse(servers.target().uri(PGCARRY_DB)));
  }

  PgUri source() {
    return source;
  }

  private PgUri target(String database) {
    return PgUri.parse(servers.target().uri(database));
  }

  /** {@code pg_dump | psql}, verified at once: the reference of the ratios. */
  void pgDump(
      BenchSettings settings,
      List<BenchReport.FullLoad> loads,
      List<BenchReport.Verification> verified,
      Consumer<String> say)
      throws Exception {
    Optional<Path> bin = Tools.dumpTools(servers.source().installation().bin());
    if (bin.isEmpty()) {
      loads.add(skipped("pg_dump | psql", "pg_dump and psql are not installed"));
      return;
    }
    say.accept("M1: pg_dump | psql");
    CpuMeter.Reading reading = cpu.startWithChildren("pg_dump | psql", M1, "pg_dump and psql");
    BenchReport.FullLoad load = PgDumpLoad.run(bin.get(), source, target("bench_dump"), rows);
    cpuUse.add(reading.end(rows));
    pgDumpSeconds = load.seconds();
    loads.add(load);
    say.accept(String.format("M1 pg_dump | psql: %.1f s", load.seconds()));
    verified.add(Bench.verify("pg_dump | psql", source, target("bench_dump")));
  }

  /** Native logical replication's initial sync; the subscription stays for M2 and M3. */
  NativeReplica nativeReplica(
      BenchSettings settings, List<BenchReport.FullLoad> loads, Consumer<String> say)
      throws Exception {
    say.accept("M1: native logical replication, initial sync");
    NativeReplica replica = new NativeReplica(source, target("bench_native"));
    CpuMeter.Reading reading = cpu.start(replica.name(), M1, OptionalLong.empty());
    BenchReport.FullLoad load = relative(replica.initialSync(rows, settings.timeout()));
    cpuUse.add(reading.end(rows));
    loads.add(load);
    say.accept(String.format("M1 native: %.1f s", load.seconds()));
    return replica;
  }

  /** Debezium's connector and JDBC sink, when their plugins are given; verified at once. */
  void debezium(
      BenchSettings settings,
      List<BenchReport.FullLoad> loads,
      List<BenchReport.Verification> verified,
      Consumer<String> say)
      throws Exception {
    if (settings.peers().isEmpty()) {
      loads.add(skipped(DebeziumPeer.PEER, "not asked for (--peers DIR)"));
      return;
    }
    say.accept("M1: Debezium + Debezium's JDBC sink");
    PgUri target = target("bench_debezium");
    CpuMeter.Reading reading =
        cpu.startWithThisJvm(DebeziumPeer.PEER, M1, "benchmark JVM (Debezium's worker)");
    BenchReport.FullLoad load =
        relative(
            new DebeziumPeer(source, target, settings.peers().get(), settings.workDir())
                .run(rows, settings.timeout()));
    cpuUse.add(reading.end(rows));
    loads.add(load);
    say.accept(String.format("M1 Debezium: %.1f s", load.seconds()));
    verified.add(Bench.verify(DebeziumPeer.PEER, source, target));
  }

  /** {@code pgcarry migrate} as its own process, until it streams; it keeps running for M2, M3. */
  PgcarryProcess pgcarry(
      BenchSettings settings, List<BenchReport.FullLoad> loads, Consumer<String> say)
      throws Exception {
    say.accept("M1: pgcarry migrate (-Xmx" + settings.migrateHeap() + "), until it streams");
    settings.classDataArchive().ifPresent(archive -> say.accept("M1: " + archive.describe()));
    Path work = settings.workDir().resolve("migrations");
    if (settings.profile()) {
      profile = Optional.of(work.resolve("migrate.jfr"));
    }
    PgcarryProcess process =
        PgcarryProcess.start(
            source,
            target(PGCARRY_DB),
            work,
            settings.migrateHeap(),
            settings.migrateJvm(),
            profile);
    double seconds;
    try (ThreadSampler threads =
        ThreadSampler.start(process.process().getAsLong(), THREAD_READINGS)) {
      CpuMeter.Reading reading = cpu.startWithProcess(process.name(), M1, threads);
      seconds = process.awaitStreaming(settings.timeout());
      cpuUse.add(reading.end(rows));
    }
    fullLoadUsage = process.usage();
    loads.add(
        relative(
            new BenchReport.FullLoad(
                "pgcarry migrate",
                true,
                seconds,
                rows / seconds,
                0,
                process.steps(),
                "a separate process from its start (JVM, embedded broker and worker included)"
                    + " until it streams")));
    say.accept(String.format("M1 pgcarry: %.1f s", seconds));
    return process;
  }

  BenchReport.ProcessUse processUse(ProcessUsage end, BenchSettings settings) {
    return new BenchReport.ProcessUse(
        settings.migrateHeap(),
        fullLoadUsage.cpuSeconds(),
        fullLoadUsage.peakRssMiB(),
        end.cpuSeconds(),
        end.peakRssMiB(),
        profile.map(Path::toString).orElse(null));
  }

  private BenchReport.FullLoad relative(BenchReport.FullLoad load) {
    double ratio = pgDumpSeconds > 0 ? load.seconds() / pgDumpSeconds : 0;
    return new BenchReport.FullLoad(
        load.peer(),
        load.measured(),
        load.seconds(),
        load.rowsPerSecond(),
        ratio,
        load.steps(),
        load.note());
  }

  private static BenchReport.FullLoad skipped(String peer, String why) {
    return new BenchReport.FullLoad(peer, false, 0, 0, 0, List.of(), why);
  }
}
