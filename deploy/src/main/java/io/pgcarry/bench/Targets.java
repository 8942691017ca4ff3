package io.pgcarry.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The targets, judged on one run's figures; a target whose figure is missing is left out.
 */
final class Targets {

  static final int LATENCY_RATE = 1_000;

  private Targets() {}

  static List<BenchReport.Target> of(BenchReport report) {
    List<BenchReport.Target> targets = new ArrayList<>();
    fullLoad(report, targets);
    report.drain().stream()
        .filter(d -> d.peer().equals("pgcarry"))
        .findFirst()
        .ifPresent(
            d ->
                targets.add(
                    target(
                        "M2 pgcarry drain rate / native's",
                        d.ofNative(),
                        ">= 0.5",
                        d.ofNative() >= 0.5)));
    report.latency().stream()
        .filter(l -> l.peer().equals("pgcarry") && l.rate() == LATENCY_RATE)
        .findFirst()
        .ifPresent(l -> targets.add(latency(l)));
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
      targets.add(target("M1 pgcarry time / pg_dump | psql time", ratio, "<= 1.5", ratio <= 1.5));
    }
    if (pgcarry.isPresent() && debezium.isPresent()) {
      double ratio = debezium.get().seconds() / pgcarry.get().seconds();
      targets.add(target("M1 Debezium + JDBC sink time / pgcarry time", ratio, ">= 5", ratio >= 5));
    }
  }

  private static BenchReport.Target latency(BenchReport.Latency l) {
    return new BenchReport.Target(
        "M3 pgcarry p99 at 1,000 changes/s",
        String.format(Locale.ROOT, "%.0f ms, lag %s", l.p99(), l.lagGrows() ? "grows" : "steady"),
        "< 300 ms, lag steady",
        l.p99() < 300 && !l.lagGrows());
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
