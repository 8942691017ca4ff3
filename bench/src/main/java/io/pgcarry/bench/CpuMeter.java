package io.pgcarry.bench;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

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

  /** Starts a reading of the servers and, when given, a JVM. */
  Reading start(String peer, String phase, OptionalLong jvm) {
    return new Reading(peer, phase, jvm);
  }

  /** A phase being measured. */
  final class Reading {
    private final String peer;
    private final String phase;
    private final OptionalLong jvm;
    private final double sourceAtStart;
    private final double targetAtStart;
    private final JvmThreads threadsAtStart;

    private Reading(String peer, String phase, OptionalLong jvm) {
      this.peer = peer;
      this.phase = phase;
      this.jvm = jvm;
      this.threadsAtStart = jvm.isPresent() ? JvmThreads.of(jvm.getAsLong()) : null;
      this.sourceAtStart = source.map(ServerCpu::seconds).orElse(0.0);
      this.targetAtStart = target.map(ServerCpu::seconds).orElse(0.0);
    }

    /** Ends the reading; the phase carried {@code changes} row changes. */
    BenchReport.CpuUse end(long changes) {
      double sourceSeconds = source.map(ServerCpu::seconds).orElse(0.0) - sourceAtStart;
      double targetSeconds = target.map(ServerCpu::seconds).orElse(0.0) - targetAtStart;
      Map<String, Double> stageMicros = new LinkedHashMap<>();
      List<BenchReport.ThreadUse> busiest = List.of();
      double jvmSeconds = 0;
      if (jvm.isPresent()) {
        JvmThreads now = JvmThreads.of(jvm.getAsLong());
        jvmSeconds = now.total() - threadsAtStart.total();
        Map<String, Double> byThread = now.since(threadsAtStart);
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
          jvmSeconds,
          micros(sourceSeconds + targetSeconds + jvmSeconds, changes),
          micros(jvmSeconds, changes),
          stageMicros,
          busiest);
    }
  }

  private static double micros(double seconds, long changes) {
    return changes == 0 ? 0 : seconds * 1e6 / changes;
  }
}
