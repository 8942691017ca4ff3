package io.pgcarry.bench;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.sql.SqlResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * M3 and M4: pgbench's workload for a fixed time, at a fixed rate (M3) or as fast as the source
 * takes it from four clients (M4, keep-up), one replica running and the others paused; for every
 * history row, the time from its source transaction's start to the commit that made it visible on
 * the target (recorded there by a trigger, {@code latency-trigger.sql}), and the time the replica
 * took to catch up once the workload stopped. The CPU each process spent from the workload's start
 * until the replica caught up is measured too.
 */
final class LatencyRun {

  private static final SqlResource TRIGGER =
      SqlResource.load(LatencyRun.class, "latency-trigger.sql");
  private static final SqlResource SAMPLES =
      SqlResource.load(LatencyRun.class, "latency-samples.sql");

  private final PgUri source;
  private final Workload workload;
  private final Duration timeout;
  private final CpuMeter cpu;

  LatencyRun(PgUri source, Workload workload, Duration timeout, CpuMeter cpu) {
    this.source = source;
    this.workload = workload;
    this.timeout = timeout;
    this.cpu = cpu;
  }

  /** Installs the trigger that records visibility on a replica's target. */
  static void prepare(PgUri target) throws SQLException {
    try (Connection c = Connections.open(target, "target");
        Statement statement = c.createStatement()) {
      statement.execute(TRIGGER.body());
    }
  }

  /**
   * Measures one replica; the others are paused first and left paused.
   *
   * @param phase the phase's name in the CPU figures
   * @param rate row changes per second, or 0 for as fast as the source takes them
   * @param clients the workload's connections
   */
  BenchReport.Latency run(
      Replica replica,
      List<Replica> others,
      String phase,
      int rate,
      int clients,
      Duration time,
      List<BenchReport.CpuUse> cpuUse)
      throws Exception {
    for (Replica other : others) {
      other.pause();
    }
    replica.resume();
    Fingerprint.of(source, Shape.TPCB).awaitOn(replica.target(), timeout);
    execute(replica.target(), "TRUNCATE pgcarry_bench.seen");
    int perTransaction = Shape.TPCB.changesPerTransaction();
    CpuMeter.Reading reading = cpu.start(replica.name(), phase, replica.process());
    long transactions = workload.run(Shape.TPCB, time, (double) rate / perTransaction, clients);
    long end = System.nanoTime();
    Fingerprint.of(source, Shape.TPCB).awaitOn(replica.target(), timeout);
    double catchUp = NativeReplica.seconds(end);
    cpuUse.add(reading.end(transactions * perTransaction));
    double[] samples = samples(replica.target());
    double achieved = transactions * perTransaction / (double) time.toSeconds();
    return summarize(replica.name(), rate, achieved, samples, catchUp);
  }

  static BenchReport.Latency summarize(
      String peer, int rate, double achieved, double[] inOrder, double catchUp) {
    double[] sorted = inOrder.clone();
    Arrays.sort(sorted);
    int third = inOrder.length / 3;
    double first = median(Arrays.copyOfRange(inOrder, 0, third));
    double last = median(Arrays.copyOfRange(inOrder, inOrder.length - third, inOrder.length));
    return new BenchReport.Latency(
        peer,
        rate,
        achieved,
        inOrder.length,
        percentile(sorted, 50),
        percentile(sorted, 95),
        percentile(sorted, 99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1],
        first,
        last,
        last > 2 * first && last - first > 100,
        catchUp);
  }

  /** The nearest-rank percentile of sorted values; 0 when there are none. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return percentile(sorted, 50);
  }

  private double[] samples(PgUri target) throws SQLException {
    String zone;
    try (Connection c = Connections.open(source, "source");
        ResultSet rs = c.createStatement().executeQuery("SHOW TimeZone")) {
      rs.next();
      zone = rs.getString(1);
    }
    List<Double> samples = new ArrayList<>();
    try (Connection c = Connections.open(target, "target");
        PreparedStatement query = c.prepareStatement(SAMPLES.body())) {
      query.setString(1, zone);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          samples.add(rs.getDouble(1));
        }
      }
    }
    return samples.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void execute(PgUri target, String sql) throws SQLException {
    try (Connection c = Connections.open(target, "target");
        Statement statement = c.createStatement()) {
      statement.execute(sql);
    }
  }
}
