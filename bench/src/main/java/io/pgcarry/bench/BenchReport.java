package io.pgcarry.bench;

import java.time.Instant;
import java.util.List;

/**
 * Everything one run of {@code pgcarry bench} measured, in the shape of its JSON. Figures of peers
 * are measured in the same run, on the same servers and data, one after another. Immutable.
 *
 * @param started when the run started
 * @param machine where it ran
 * @param settings what it was asked to do
 * @param data the source data
 * @param fullLoad M1: each peer's full load
 * @param drain M2: each peer's drain of the same backlog
 * @param latency M3: each peer at each rate, from the first seconds of streaming
 * @param keepUp M4: each peer under pgbench as fast as the source takes it (rate 0)
 * @param cpu the CPU each phase cost per row change, process by process and stage by stage
 * @param pgcarryProcess CPU and memory of the {@code pgcarry migrate} process
 * @param verification each target compared with the source
 * @param targets the targets and whether this run met them
 */
public record BenchReport(
    Instant started,
    Machine machine,
    Settings settings,
    DataSet data,
    List<FullLoad> fullLoad,
    List<Drain> drain,
    List<Latency> latency,
    List<Latency> keepUp,
    List<CpuUse> cpu,
    ProcessUse pgcarryProcess,
    List<Verification> verification,
    List<Target> targets) {

  public BenchReport {
    fullLoad = List.copyOf(fullLoad);
    drain = List.copyOf(drain);
    latency = List.copyOf(latency);
    keepUp = List.copyOf(keepUp);
    cpu = List.copyOf(cpu);
    verification = List.copyOf(verification);
    targets = List.copyOf(targets);
  }

  /** This report with the targets judged. */
  public BenchReport withTargets(List<Target> judged) {
    return new BenchReport(
        started,
        machine,
        settings,
        data,
        fullLoad,
        drain,
        latency,
        keepUp,
        cpu,
        pgcarryProcess,
        verification,
        judged);
  }

  /** This report with another description of the machine. */
  public BenchReport withMachine(Machine described) {
    return new BenchReport(
        started,
        described,
        settings,
        data,
        fullLoad,
        drain,
        latency,
        keepUp,
        cpu,
        pgcarryProcess,
        verification,
        targets);
  }

  /** True when every target that was verified equals the source. */
  public boolean verified() {
    return !verification.isEmpty() && verification.stream().allMatch(Verification::matches);
  }

  /**
   * @param scale pgbench's scale factor
   * @param drainSeconds how long the workload wrote the backlog of M2
   * @param rates the rates of M3, in row changes per second
   * @param rateSeconds how long each rate of M3 was held
   * @param keepUpSeconds how long the workload of M4 wrote
   * @param keepUpClients its clients
   * @param migrateHeap the {@code -Xmx} of the migrate process
   * @param migrateJavaOptions the migrate process's other JVM options
   * @param workload what wrote the changes
   */
  public record Settings(
      int scale,
      long drainSeconds,
      List<Integer> rates,
      long rateSeconds,
      long keepUpSeconds,
      int keepUpClients,
      String migrateHeap,
      List<String> migrateJavaOptions,
      String workload) {
    public Settings {
      rates = List.copyOf(rates);
      migrateJavaOptions = List.copyOf(migrateJavaOptions);
    }
  }

  /** The source tables: name, estimated rows, bytes with TOAST and indexes. */
  public record DataSet(int scale, List<TableSize> tables) {
    public DataSet {
      tables = List.copyOf(tables);
    }

    public long rows() {
      return tables.stream().mapToLong(TableSize::rows).sum();
    }

    public long bytes() {
      return tables.stream().mapToLong(TableSize::bytes).sum();
    }
  }

  public record TableSize(String table, long rows, long bytes) {}

  /**
   * One peer's full load, from an empty target database to a complete, indexed copy.
   *
   * @param peer who loaded
   * @param measured false when the peer could not run here; {@code note} says why
   * @param seconds wall-clock time
   * @param rowsPerSecond the source's rows over that time
   * @param timeOfPgDump this time over that of {@code pg_dump | psql}, 0 when that was not measured
   * @param steps the parts of the time, where the peer reports them
   * @param note how it was measured, or why not
   */
  public record FullLoad(
      String peer,
      boolean measured,
      double seconds,
      double rowsPerSecond,
      double timeOfPgDump,
      List<Step> steps,
      String note) {
    public FullLoad {
      steps = List.copyOf(steps);
    }
  }

  /** A named part of a measured time. */
  public record Step(String name, double seconds) {}

  /**
   * One peer draining a backlog of row changes written while it was paused.
   *
   * @param workload the shape of the changes ({@link Shape})
   * @param ofNative this rate over native logical replication's, 0 when that was not measured
   */
  public record Drain(
      String peer,
      String workload,
      long changes,
      double seconds,
      double changesPerSecond,
      double ofNative) {}

  /**
   * One peer at one rate: milliseconds from the source transaction's start to the commit that made
   * its history row visible on the target.
   *
   * @param rate the rate asked for, row changes per second; 0 for as fast as the source takes them
   * @param achievedRate the rate the workload wrote at
   * @param firstThirdP50 the median of the first third of the samples, in source order
   * @param lastThirdP50 the median of the last third
   * @param lagGrows whether the last third's median is more than twice the first's and 100 ms above
   * @param catchUpSeconds from the workload's end until the target had every change
   */
  public record Latency(
      String peer,
      int rate,
      double achievedRate,
      long samples,
      double p50,
      double p95,
      double p99,
      double max,
      double firstThirdP50,
      double lastThirdP50,
      boolean lagGrows,
      double catchUpSeconds) {}

  /**
   * CPU and memory of the separate {@code pgcarry migrate} process (broker, worker and both
   * connectors), read from {@code /proc}.
   *
   * @param heap its {@code -Xmx}
   * @param fullLoadCpuSeconds user and system CPU from its start until it streamed
   * @param fullLoadPeakRssMiB peak resident memory by then
   * @param cpuSeconds CPU until just before the cutover
   * @param peakRssMiB peak resident memory until then
   * @param profile the flight recording, when one was asked for
   */
  public record ProcessUse(
      String heap,
      double fullLoadCpuSeconds,
      long fullLoadPeakRssMiB,
      double cpuSeconds,
      long peakRssMiB,
      String profile) {}

  /**
   * What one phase cost in CPU, for one peer: seconds of every process on its path, and
   * microseconds per row change.
   *
   * @param phase which measurement: {@code M2 drain}, {@code M3 ... changes/s}, {@code M4 keep-up}
   * @param changes the row changes the phase carried
   * @param sourceSeconds the source server's CPU seconds, all its processes
   * @param targetSeconds the target server's
   * @param jvmSeconds the migrate JVM's, 0 for native logical replication
   * @param pathMicrosPerChange all three per change
   * @param jvmMicrosPerChange the JVM's per change
   * @param jvmStages the JVM's per change, stage by stage ({@link CpuStages})
   * @param busiestThreads the JVM's busiest threads in the phase
   */
  public record CpuUse(
      String peer,
      String phase,
      long changes,
      double sourceSeconds,
      double targetSeconds,
      double jvmSeconds,
      double pathMicrosPerChange,
      double jvmMicrosPerChange,
      java.util.Map<String, Double> jvmStages,
      List<ThreadUse> busiestThreads) {
    public CpuUse {
      jvmStages = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(jvmStages));
      busiestThreads = List.copyOf(busiestThreads);
    }
  }

  /** One thread's CPU seconds in a phase, and its stage. */
  public record ThreadUse(String thread, String stage, double seconds) {}

  /** One target compared with the source by the schema tool's verification. */
  public record Verification(String peer, boolean matches, int tables, long mismatches) {}

  /** One of the targets: the figure this run measured and whether it is met. */
  public record Target(String name, String figure, String goal, boolean met) {}
}
