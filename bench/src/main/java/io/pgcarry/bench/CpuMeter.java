package io.pgcarry.bench;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The CPU one phase of the benchmark costs, per row change, for every process on its path: the
 * source server, the target server and, for pgcarry, the migrate JVM thread by thread, grouped in
 * {@link CpuStages}. Not thread-safe.
 */
final class CpuMeter {

  /** Threads listed one by one in a reading, the busiest first. */
  private static final int LISTED_THREADS = 12;

  private final Optional<ServerCpu> source;
  private final Optional<ServerCpu> target;
  private final CpuStages stages;

  CpuMeter(Optional<ServerCpu> source, Optional<ServerCpu> target, CpuStages stages) {
    this.source = source;
    this.target = target;
    this.stages = stages;
  }

  /** Starts a reading of the servers and, when given, a running JVM thread by thread. */
  Reading start(String peer, String phase, OptionalLong jvm) {
    if (jvm.isEmpty()) {
      return new Reading(peer, phase, Map::of, false);
    }
    long pid = jvm.getAsLong();
    JvmThreads atStart = JvmThreads.of(pid);
    return new Reading(peer, phase, () -> JvmThreads.of(pid).since(atStart), true);
  }

  /**
   * Starts a reading of the servers and of a JVM about to start, thread by thread from its first
   * instant; the sampler, started with the process, keeps the threads that end before the phase.
   */
  Reading startWithProcess(String peer, String phase, ThreadSampler sampler) {
    return new Reading(peer, phase, () -> sampler.stop().since(JvmThreads.NONE), true);
  }

  /**
   * Starts a reading of the servers and of the client processes this JVM starts and waits for
   * during the phase (such as {@code pg_dump} and {@code psql}), counted together under {@code
   * clients} from the CPU the kernel adds to this process's children when they end.
   */
  Reading startWithChildren(String peer, String phase, String clients) {
    double atStart = ownChildren();
    return new Reading(peer, phase, () -> Map.of(clients, ownChildren() - atStart), false);
  }

  /**
   * Starts a reading of the servers and of this JVM as a whole, for a peer that runs inside it
   * (Debezium's embedded worker), named {@code name}.
   */
  Reading startWithThisJvm(String peer, String phase, String name) {
    double atStart = ownCpu();
    return new Reading(peer, phase, () -> Map.of(name, ownCpu() - atStart), false);
  }

  /** A phase being measured. */
  final class Reading {
    private final String peer;
    private final String phase;
    private final Supplier<Map<String, Double>> client;
    private final boolean byStage;
    private final double sourceAtStart;
    private final double targetAtStart;

    /**
     * @param client the client side's CPU seconds since the start, by thread or process name
     * @param byStage whether the client is pgcarry's JVM, whose threads group into stages
     */
    private Reading(
        String peer, String phase, Supplier<Map<String, Double>> client, boolean byStage) {
      this.peer = peer;
      this.phase = phase;
      this.client = client;
      this.byStage = byStage;
      this.sourceAtStart = source.map(ServerCpu::seconds).orElse(0.0);
      this.targetAtStart = target.map(ServerCpu::seconds).orElse(0.0);
    }

    /** Ends the reading; the phase carried {@code changes} row changes (or rows, for a load). */
    BenchReport.CpuUse end(long changes) {
      double sourceSeconds = source.map(ServerCpu::seconds).orElse(0.0) - sourceAtStart;
      double targetSeconds = target.map(ServerCpu::seconds).orElse(0.0) - targetAtStart;
      Map<String, Double> byThread = client.get();
      double clientSeconds = byThread.values().stream().mapToDouble(Double::doubleValue).sum();
      Map<String, Double> stageMicros = new LinkedHashMap<>();
      List<BenchReport.ThreadUse> busiest = List.of();
      if (byStage) {
        stages.group(byThread).forEach((stage, s) -> stageMicros.put(stage, micros(s, changes)));
        busiest =
            byThread.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(LISTED_THREADS)
                .map(
                    e ->
                        new BenchReport.ThreadUse(
                            e.getKey().isEmpty() ? "(threads that ended)" : e.getKey(),
                            stages.of(e.getKey()),
                            e.getValue()))
                .toList();
      }
      return new BenchReport.CpuUse(
          peer,
          phase,
          changes,
          sourceSeconds,
          targetSeconds,
          clientSeconds,
          micros(sourceSeconds + targetSeconds + clientSeconds, changes),
          micros(clientSeconds, changes),
          stageMicros,
          busiest);
    }
  }

  private static double ownChildren() {
    return ProcStat.ofProcess(ProcessHandle.current().pid())
        .map(ProcStat::childrenCpuSeconds)
        .orElse(0.0);
  }

  private static double ownCpu() {
    return ProcStat.ofProcess(ProcessHandle.current().pid()).map(ProcStat::cpuSeconds).orElse(0.0);
  }

  private static double micros(double seconds, long changes) {
    return changes == 0 ? 0 : seconds * 1e6 / changes;
  }
}
