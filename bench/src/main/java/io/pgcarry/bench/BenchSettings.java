package io.pgcarry.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one benchmark run does.
 *
 * @param workDir where the servers, the migration and the logs live
 * @param scale pgbench's scale factor of the source data
 * @param drainTime how long the workload writes the backlog of M2
 * @param rates the rates of M3, row changes per second
 * @param rateTime how long each rate is held
 * @param keepUpTime how long the unthrottled workload of M4 writes
 * @param migrateHeap the {@code -Xmx} of the {@code migrate} process
 * @param migrateJavaOptions further options of the {@code migrate} process's JVM, to measure
 *     another garbage collector or JIT setting
 * @param peers the plugin directory of Debezium's JDBC sink, for the Debezium peer; empty leaves
 *     that peer out
 * @param profile whether the {@code migrate} process records a flight recording
 * @param timeout the longest any one phase may take
 */
public record BenchSettings(
    Path workDir,
    int scale,
    Duration drainTime,
    List<Integer> rates,
    Duration rateTime,
    Duration keepUpTime,
    String migrateHeap,
    List<String> migrateJavaOptions,
    Optional<Path> peers,
    boolean profile,
    Duration timeout) {

  /**
   * Every option of the migrate process's JVM: pgcarry's own (config/jvm.options), the launcher's
   * class-data archive unless these options choose their own sharing, then these.
   */
  List<String> migrateJvm() {
    List<String> options = new java.util.ArrayList<>(JvmOptions.defaults());
    classDataArchive().ifPresent(archive -> options.addAll(archive.options()));
    options.addAll(migrateJavaOptions);
    return options;
  }

  /**
   * The launcher's class-data archive for the migrate process, unless its options choose their own
   * sharing or it records a flight recording: a profiled migrate process with the archive mapped
   * crashed this JDK 17 as it loaded an archived class (SIGSEGV in {@code
   * KlassFactory::check_shared_class_file_load_hook}), so a profiled run starts without it.
   */
  Optional<ClassDataArchive> classDataArchive() {
    return profile
            || migrateJavaOptions.stream()
                .anyMatch(o -> ClassDataArchive.choosesSharing(o) || ClassDataArchive.records(o))
        ? Optional.empty()
        : ClassDataArchive.ofLauncher();
  }

  public BenchSettings {
    rates = List.copyOf(rates);
    migrateJavaOptions = List.copyOf(migrateJavaOptions);
    if (scale < 1) {
      throw new IllegalArgumentException("--scale must be at least 1, not " + scale);
    }
    int perTransaction = Shape.TPCB.changesPerTransaction();
    if (rates.stream().anyMatch(rate -> rate < perTransaction)) {
      throw new IllegalArgumentException(
          "every rate must be at least " + perTransaction + " changes/s: " + rates);
    }
  }
}
