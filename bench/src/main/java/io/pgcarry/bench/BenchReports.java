package io.pgcarry.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The report as the terminal shows it: one table per measurement, ratios against the peers. */
public final class BenchReports {

  private BenchReports() {}

  /** The report as text, one table per measurement. */
  public static String text(BenchReport r) {
    StringBuilder out = new StringBuilder();
    fullLoad(out, r);
    latency(out, r, r.latency(), "M3 latency, from the first seconds of streaming");
    drain(out, r);
    latency(
        out,
        r,
        r.keepUp(),
        "M4 keep-up, pgbench -c "
            + r.settings().keepUpClients()
            + " -j 2 unthrottled for "
            + r.settings().keepUpSeconds()
            + " s (rate: what the source wrote)");
    cpu(out, r);
    BenchReport.ProcessUse use = r.pgcarryProcess();
    line(
        out,
        "pgcarry migrate process (-Xmx%s): full load %.1f CPU s, peak RSS %,d MiB; whole run %.1f CPU s,"
            + " peak RSS %,d MiB%s",
        use.heap(),
        use.fullLoadCpuSeconds(),
        use.fullLoadPeakRssMiB(),
        use.cpuSeconds(),
        use.peakRssMiB(),
        use.profile() == null ? "" : "; profile " + use.profile());
    for (BenchReport.Verification v : r.verification()) {
      line(
          out,
          "verify %-34s %s (%d tables, %d differ)",
          v.peer(),
          v.matches() ? "equal" : "DIFFERENT",
          v.tables(),
          v.mismatches());
    }
    for (BenchReport.Target t : r.targets()) {
      line(
          out,
          "target %-48s %-24s goal %-22s %s",
          t.name(),
          t.figure(),
          t.goal(),
          t.met() ? "met" : "NOT MET");
    }
    Machine m = r.machine();
    line(
        out,
        "machine: %s, %d cores, %,d MiB, %s, %s, %s; load average %.2f at start, %.2f at end",
        m.cpuModel(),
        m.cores(),
        m.memoryMiB(),
        m.os(),
        m.java(),
        m.postgres(),
        m.loadAverageAtStart(),
        m.loadAverageAtEnd());
    return out.toString();
  }

  private static void fullLoad(StringBuilder out, BenchReport r) {
    BenchReport.DataSet data = r.data();
    line(out, "");
    line(
        out,
        "M1 full load: pgbench scale %d + bench_wide, %,d rows, %,d MiB on the source",
        data.scale(),
        data.rows(),
        data.bytes() >> 20);
    line(out, "  %-34s %9s %11s %16s  %s", "peer", "seconds", "rows/s", "x pg_dump time", "parts");
    for (BenchReport.FullLoad load : r.fullLoad()) {
      if (!load.measured()) {
        line(out, "  %-34s %9s %11s %16s  %s", load.peer(), "-", "-", "-", load.note());
        continue;
      }
      String parts =
          load.steps().stream()
              .map(s -> String.format(Locale.ROOT, "%s %.1f s", s.name(), s.seconds()))
              .collect(Collectors.joining(", "));
      line(
          out,
          "  %-34s %9.1f %,11.0f %16s  %s",
          load.peer(),
          load.seconds(),
          load.rowsPerSecond(),
          load.timeOfPgDump() > 0 ? String.format(Locale.ROOT, "%.2f", load.timeOfPgDump()) : "-",
          parts);
    }
  }

  private static void drain(StringBuilder out, BenchReport r) {
    String workload = null;
    for (BenchReport.Drain d : r.drain()) {
      if (!d.workload().equals(workload)) {
        workload = d.workload();
        line(out, "M2 change drain, %s: a backlog of %,d row changes", workload, d.changes());
        line(out, "  %-34s %9s %11s %16s", "peer", "seconds", "changes/s", "x native rate");
      }
      line(
          out,
          "  %-34s %9.1f %,11.0f %16.2f",
          d.peer(),
          d.seconds(),
          d.changesPerSecond(),
          d.ofNative());
    }
  }

  private static void latency(
      StringBuilder out, BenchReport r, List<BenchReport.Latency> latencies, String title) {
    if (latencies.isEmpty()) {
      return;
    }
    line(out, "%s; source transaction start to visible on the target, ms", title);
    line(
        out,
        "  %-28s %6s %9s %8s %7s %7s %7s %8s %17s %9s",
        "peer",
        "rate",
        "achieved",
        "samples",
        "p50",
        "p95",
        "p99",
        "max",
        "1st/last 3rd p50",
        "catch-up");
    for (BenchReport.Latency l : latencies) {
      line(
          out,
          "  %-28s %,6d %,9.0f %,8d %7.0f %7.0f %7.0f %8.0f %8.0f/%-8.0f %8.1fs%s",
          l.peer(),
          l.rate(),
          l.achievedRate(),
          l.samples(),
          l.p50(),
          l.p95(),
          l.p99(),
          l.max(),
          l.firstThirdP50(),
          l.lastThirdP50(),
          l.catchUpSeconds(),
          l.lagGrows() ? " lag grows" : "");
    }
  }

  private static void cpu(StringBuilder out, BenchReport r) {
    if (r.cpu().isEmpty()) {
      return;
    }
    line(
        out,
        "CPU per row change (M1: per row loaded), microseconds (CPU seconds in parentheses);"
            + " client: pgcarry's JVM, or the peer's own processes");
    line(
        out,
        "  %-28s %-44s %9s %17s %17s %17s %9s",
        "peer",
        "phase",
        "rows",
        "source server",
        "target server",
        "client",
        "path");
    for (BenchReport.CpuUse c : r.cpu()) {
      line(
          out,
          "  %-28s %-44s %,9d %8.1f (%6.1f) %8.1f (%6.1f) %8.1f (%6.1f) %9.1f",
          c.peer(),
          c.phase(),
          c.changes(),
          c.sourceSeconds() * 1e6 / Math.max(1, c.changes()),
          c.sourceSeconds(),
          c.targetSeconds() * 1e6 / Math.max(1, c.changes()),
          c.targetSeconds(),
          c.jvmMicrosPerChange(),
          c.jvmSeconds(),
          c.pathMicrosPerChange());
      if (!c.jvmStages().isEmpty()) {
        line(
            out,
            "    JVM by stage: %s",
            c.jvmStages().entrySet().stream()
                .filter(e -> e.getValue() >= 0.05)
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ")));
        line(
            out,
            "    busiest threads: %s",
            c.busiestThreads().stream()
                .map(t -> String.format(Locale.ROOT, "%s %.1f s", t.thread(), t.seconds()))
                .collect(Collectors.joining(", ")));
      }
    }
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
