package io.pgcarry.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The issues' targets, judged on one run's figures; a target whose figure is missing is left out.
 */
final class Targets {

  /** M3's rates and the p99 each must stay under, in milliseconds. */
  private static final List<int[]> LATENCY =
      List.of(new int[] {1_000, 100}, new int[] {5_000, 300});

  /** The migrate JVM's CPU budget per row change on the warm pgbench drain, in microseconds. */
  static final double JVM_MICROS_PER_CHANGE = 40;

  /** M4: the longest the target may take to equal the source once the load stops, in seconds. */
  static final double CATCH_UP_SECONDS = 10;

  private Targets() {}

  /**
   * M1's bound on pgcarry's time over {@code pg_dump | psql}'s: 1.5 on a database that takes
   * minutes (scale 100 and above), 3 at scale 10 and below, where the fixed start weighs most;
   * between them, the bound falls with the scale's logarithm.
   */
  static double m1Goal(int scale) {
    if (scale >= 100) {
      return 1.5;
    }
    if (scale <= 10) {
      return 3;
    }
    return 3 - 1.5 * Math.log10(scale / 10.0);
  }

  static List<BenchReport.Target> of(BenchReport report) {
    List<BenchReport.Target> targets = new ArrayList<>();
    fullLoad(report, targets);
    for (BenchReport.Drain d : report.drain()) {
      if (d.peer().equals("pgcarry")) {
        targets.add(
            target(
                "M2 pgcarry drain rate / native's, " + d.workload(),
                d.ofNative(),
                ">= 0.5",
                d.ofNative() >= 0.5));
      }
    }
    cpu(report, targets);
    for (int[] rate : LATENCY) {
      report.latency().stream()
          .filter(l -> l.peer().equals("pgcarry") && l.rate() == rate[0])
          .findFirst()
          .ifPresent(l -> targets.add(latency(l, rate[1])));
    }
    report.keepUp().stream()
        .filter(l -> l.peer().equals("pgcarry"))
        .findFirst()
        .ifPresent(l -> targets.add(keepUp(l)));
    report.verification().stream()
        .filter(v -> v.peer().equals("pgcarry"))
        .findFirst()
        .ifPresent(v -> targets.add(heap(report, v)));
    return targets;
  }

  private static void fullLoad(BenchReport report, List<BenchReport.Target> targets) {
    Optional<BenchReport.FullLoad> pgcarry = load(report, "pgcarry migrate");
    Optional<BenchReport.FullLoad> dump = load(report, "pg_dump | psql");
    Optional<BenchReport.FullLoad> debezium = load(report, DebeziumPeer.PEER);
    if (pgcarry.isPresent() && dump.isPresent()) {
      double ratio = pgcarry.get().seconds() / dump.get().seconds();
      double goal = m1Goal(report.settings().scale());
      targets.add(
          target(
              "M1 pgcarry time / pg_dump | psql time, scale " + report.settings().scale(),
              ratio,
              String.format(Locale.ROOT, "<= %.1f", goal),
              ratio <= goal));
    }
    if (pgcarry.isPresent() && debezium.isPresent()) {
      double ratio = debezium.get().seconds() / pgcarry.get().seconds();
      targets.add(target("M1 Debezium + JDBC sink time / pgcarry time", ratio, ">= 5", ratio >= 5));
    }
  }

  /** The JVM's CPU per change on the warm pgbench drain, with the cold figure beside it. */
  private static void cpu(BenchReport report, List<BenchReport.Target> targets) {
    Optional<BenchReport.CpuUse> warm =
        report.cpu().stream()
            .filter(
                c ->
                    c.peer().equals("pgcarry")
                        && c.phase().equals("M2 drain, " + Shape.TPCB.description()))
            .findFirst();
    Optional<BenchReport.CpuUse> cold =
        report.cpu().stream()
            .filter(c -> c.peer().equals("pgcarry") && c.phase().startsWith("M3"))
            .findFirst();
    warm.ifPresent(
        w ->
            targets.add(
                new BenchReport.Target(
                    "pgcarry JVM CPU per change, warm (M2 pgbench drain)",
                    String.format(
                        Locale.ROOT,
                        "%.1f us%s",
                        w.jvmMicrosPerChange(),
                        cold.map(
                                c ->
                                    String.format(
                                        Locale.ROOT,
                                        "; cold (%s) %.1f us",
                                        c.phase(),
                                        c.jvmMicrosPerChange()))
                            .orElse("")),
                    "<= " + (int) JVM_MICROS_PER_CHANGE + " us",
                    w.jvmMicrosPerChange() <= JVM_MICROS_PER_CHANGE)));
  }

  private static BenchReport.Target latency(BenchReport.Latency l, int p99) {
    return new BenchReport.Target(
        String.format(Locale.ROOT, "M3 pgcarry p99 at %,d changes/s, cold", l.rate()),
        String.format(Locale.ROOT, "%.0f ms, lag %s", l.p99(), l.lagGrows() ? "grows" : "steady"),
        "< " + p99 + " ms, lag steady",
        l.p99() < p99 && !l.lagGrows());
  }

  private static BenchReport.Target keepUp(BenchReport.Latency l) {
    return new BenchReport.Target(
        "M4 pgcarry keeps up with pgbench -c 4 -j 2",
        String.format(
            Locale.ROOT,
            "source %,.0f changes/s, lag peak %.0f ms, %s, caught up in %.1f s",
            l.achievedRate(),
            l.max(),
            l.lagGrows() ? "grows" : "steady",
            l.catchUpSeconds()),
        "caught up <= " + (int) CATCH_UP_SECONDS + " s, lag steady",
        l.catchUpSeconds() <= CATCH_UP_SECONDS && !l.lagGrows());
  }

  private static BenchReport.Target heap(BenchReport report, BenchReport.Verification v) {
    return new BenchReport.Target(
        "pgcarry migrate completes under -Xmx" + report.settings().migrateHeap(),
        String.format(
            Locale.ROOT,
            "peak RSS %d MiB, target %s",
            report.pgcarryProcess().peakRssMiB(),
            v.matches() ? "verified equal" : "NOT equal"),
        "completes, target equal",
        v.matches());
  }

  private static BenchReport.Target target(String name, double value, String goal, boolean met) {
    return new BenchReport.Target(name, String.format(Locale.ROOT, "%.2f", value), goal, met);
  }

  private static Optional<BenchReport.FullLoad> load(BenchReport report, String peer) {
    return report.fullLoad().stream()
        .filter(l -> l.peer().equals(peer) && l.measured())
        .findFirst();
  }
}
