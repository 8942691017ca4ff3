package io.pgcarry.bench;

import io.pgcarry.common.PgUri;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * M2: every replica paused, one backlog written by the workload, then each replica resumed alone
 * and timed until its target has every change: the rate at which it drains a backlog in its
 * replication slot, as after an outage or a long pause, and the CPU each process spent on it.
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
   * Runs M2 with one shape of write load. Every replica is running again when it returns.
   *
   * @param replicas the first is the reference of the ratios
   */
  List<BenchReport.Drain> run(
      List<Replica> replicas, Shape shape, Duration writing, List<BenchReport.CpuUse> cpuUse)
      throws Exception {
    for (Replica replica : replicas) {
      replica.pause();
    }
    long changes =
        workload.run(shape, writing, 0, Workload.CLIENTS) * shape.changesPerTransaction();
    Fingerprint done = Fingerprint.of(source, shape);
    List<BenchReport.Drain> drains = new ArrayList<>();
    double reference = 0;
    String phase = "M2 drain, " + shape.description();
    for (Replica replica : replicas) {
      CpuMeter.Reading reading = cpu.start(replica.name(), phase, replica.process());
      long start = System.nanoTime();
      replica.resume();
      done.awaitOn(replica.target(), timeout);
      double seconds = NativeReplica.seconds(start);
      cpuUse.add(reading.end(changes));
      double rate = changes / seconds;
      if (drains.isEmpty()) {
        reference = rate;
      }
      drains.add(
          new BenchReport.Drain(
              replica.name(), shape.description(), changes, seconds, rate, rate / reference));
    }
    return drains;
  }
}
