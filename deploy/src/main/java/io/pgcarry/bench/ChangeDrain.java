package io.pgcarry.bench;

import io.pgcarry.common.PgUri;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * M2: every replica paused, one backlog written by the workload, then each replica resumed alone
 * and timed until its target has every change: the rate at which it drains a backlog in its
 * replication slot, as after an outage or a long pause.
 */
final class ChangeDrain {

  private final PgUri source;
  private final Workload workload;
  private final Duration timeout;
  private final CpuMeter cpu;

  ChangeDrain(PgUri source, Workload workload, Duration timeout, CpuMeter cpu) {
    this.source = source;
    this.workload = workload;
    this.timeout = timeout;
    this.cpu = cpu;
  }

  /**
   * Runs M2. Every replica is running again when it returns.
   *
   * @param replicas the first is the reference of the ratios
   */
  List<BenchReport.Drain> run(
      List<Replica> replicas, Duration writing, List<BenchReport.CpuUse> cpuUse) throws Exception {
    for (Replica replica : replicas) {
      replica.pause();
    }
    long changes = workload.run(writing, 0) * Workload.CHANGES_PER_TRANSACTION;
    Fingerprint done = Fingerprint.of(source);
    List<BenchReport.Drain> drains = new ArrayList<>();
    double reference = 0;
    for (Replica replica : replicas) {
      CpuMeter.Reading reading = cpu.start(replica.name(), "M2 drain", replica.process());
      long start = System.nanoTime();
      replica.resume();
      done.awaitOn(replica.target(), timeout);
      double seconds = NativeReplica.seconds(start);
      cpuUse.add(reading.end(changes));
      double rate = changes / seconds;
      if (drains.isEmpty()) {
        reference = rate;
      }
      drains.add(new BenchReport.Drain(replica.name(), changes, seconds, rate, rate / reference));
    }
    return drains;
  }
}
