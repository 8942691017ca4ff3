package io.pgcarry.migrate.state;

import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.probes.Latency;
import io.pgcarry.migrate.probes.SlotPosition;
import io.pgcarry.migrate.verify.OnlineVerifyProgress;
import io.pgcarry.migrate.verify.OnlineVerifyReport;
import java.time.Duration;
import java.time.Instant;

/** Renders a migration's status for a terminal. */
public final class StatusRenderer {

  private StatusRenderer() {}

  /** One progress line, e.g. {@code [full-load] 45,000/100,000 rows (45%), lag 120 records}. */
  public static String oneLine(MigrationStatus status) {
    StringBuilder line = new StringBuilder("[").append(status.step().label()).append("] ");
    long source =
        status.tables().stream().mapToLong(MigrationStatus.TableProgress::sourceRows).sum();
    long target =
        status.tables().stream().mapToLong(MigrationStatus.TableProgress::targetRows).sum();
    if (status.step() == Step.FULL_LOAD) {
      long done = status.tables().stream().filter(MigrationStatus.TableProgress::complete).count();
      line.append(
          String.format(
              "%,d/%,d rows (%d%%), %d/%d tables; ",
              target,
              source,
              source == 0 ? 100 : target * 100 / source,
              done,
              status.tables().size()));
    }
    line.append(String.format("lag %,d records", status.lagRecords()));
    if (status.lastAppliedCommit() != null) {
      long seconds = Duration.between(status.lastAppliedCommit(), Instant.now()).toSeconds();
      line.append(String.format(", last applied commit %d s ago", Math.max(0, seconds)));
    }
    if (status.lastAppliedLsn() != null) {
      line.append(", LSN ").append(status.lastAppliedLsn());
    }
    line.append(" — ").append(status.message());
    return line.toString();
  }

  /** The full multi-line status shown by {@code pgcarry status}. */
  public static String full(MigrationStatus status) {
    StringBuilder out = new StringBuilder();
    out.append("migration  ").append(status.name()).append('\n');
    out.append("step       ")
        .append(status.step().label())
        .append(status.fresh() || status.step() == Step.DONE ? "" : " (migrate is not running)")
        .append('\n');
    out.append("state      ").append(status.message()).append('\n');
    if (status.failure() != null) {
      out.append("FAILED     ").append(status.failure()).append('\n');
    }
    out.append("cutover    ").append(readiness(status)).append('\n');
    out.append(String.format("lag        %,d records%n", status.lagRecords()));
    out.append(String.format("applied    %,d records", status.appliedRecords()));
    if (status.lastAppliedLsn() != null) {
      out.append(", up to source LSN ").append(status.lastAppliedLsn());
    }
    out.append('\n');
    operatorLines(status, out);
    tableLines(status, out);
    stepLines(status, out);
    out.append("updated    ").append(status.updatedAt()).append('\n');
    return out.toString();
  }

  /**
   * The last online verification, per table: chunks matched, differing and pending; the differing
   * ranges once it finished.
   */
  public static String onlineVerify(OnlineVerifyProgress progress) {
    StringBuilder out = new StringBuilder();
    OnlineVerifyReport report = progress.report();
    String state =
        progress.finished()
            ? (report.identical() ? "finished, every table identical" : "finished")
            : progress.running()
                ? "running"
                : "stopped before its end (`pgcarry verify --online --resume` resumes it)";
    out.append("verify     online verification ")
        .append(report.run())
        .append(": ")
        .append(state)
        .append(" (")
        .append(progress.updatedAt())
        .append(")\n");
    out.append(
        String.format(
            "  %-50s %6s  %7s  %9s  %7s%n", "table", "chunks", "matched", "differing", "pending"));
    for (OnlineVerifyReport.TableVerdict table : report.tables()) {
      out.append(
          String.format(
              "  %-50s %,6d  %,7d  %,9d  %,7d%n",
              table.table(),
              table.chunks(),
              table.matched(),
              table.differing().size(),
              table.pending()));
      for (OnlineVerifyReport.ChunkDifference d : table.differing()) {
        out.append("    differs: ")
            .append(d.range())
            .append(" at LSN ")
            .append(d.lsn())
            .append('\n');
        if (d.rows() != null) {
          out.append("      ").append(OnlineVerifyReport.differingRows(d)).append('\n');
        }
      }
    }
    return out.toString();
  }

  /** The cutover cue, one line. */
  static String readiness(MigrationStatus status) {
    if (status.step() == Step.DONE) {
      return "done";
    }
    if (status.step() == Step.REVERSE_STREAMING) {
      return status.noDelay()
          ? "NO DELAY back to the old server: to go back, stop the application's writes to the new"
              + " server, then run `pgcarry fallback --name "
              + status.name()
              + "`; to keep the new server, `pgcarry finish --name "
              + status.name()
              + "`"
          : "not yet: the old server is catching up with the new one";
    }
    if (status.noDelay()) {
      return "NO DELAY: stop the application's writes, then run `pgcarry cutover --name "
          + status.name()
          + "`";
    }
    return status.step() == Step.STREAMING ? "not yet: the target is catching up" : "not yet";
  }

  private static void operatorLines(MigrationStatus status, StringBuilder out) {
    SlotPosition slot = status.slot();
    if (slot != null) {
      out.append(
          String.format(
              "source     slot confirmed at %s, %s behind the source's WAL at %s%n",
              slot.confirmedLsn(), bytes(slot.bytesBehind()), slot.currentLsn()));
      out.append(
          String.format(
              "WAL        %s retained by the slot: %s%s%n",
              bytes(slot.retainedBytes()),
              slot.level().label(),
              slot.advice().isEmpty() ? "" : " — " + slot.advice()));
    }
    Latency latency = status.latency();
    if (latency != null) {
      out.append(
          latency.samples() == 0
              ? "latency    no change applied in the last minute\n"
              : String.format(
                  "latency    p50 %,d ms, p99 %,d ms over the last minute (%d batches)%n",
                  latency.p50Millis(), latency.p99Millis(), latency.samples()));
    }
    if (status.heartbeatAgeSeconds() != null) {
      out.append("heartbeat  ").append(status.heartbeatAgeSeconds()).append(" s ago\n");
    }
    MigrationStatus.Endpoints endpoints = status.endpoints();
    if (endpoints != null) {
      out.append("connect    ").append(endpoints.connectUrl());
      out.append("  (Kafka ").append(endpoints.bootstrapServers()).append(")\n");
      if (endpoints.statusPage() != null) {
        out.append("page       ").append(endpoints.statusPage()).append("  (and /metrics)\n");
      }
    }
    if (!status.topicLag().isEmpty()) {
      out.append("topics (records not applied):\n");
      for (MigrationStatus.TopicLag topic : status.topicLag()) {
        out.append(String.format("  %-50s %,12d%n", topic.topic(), topic.records()));
      }
    }
  }

  private static void tableLines(MigrationStatus status, StringBuilder out) {
    if (status.tables().isEmpty()) {
      return;
    }
    out.append("tables (rows loaded / rows to load, rows/s, time left):\n");
    for (MigrationStatus.TableProgress table : status.tables()) {
      out.append(
          String.format(
              "  %-50s %,12d / %,12d  %s%n",
              table.table(),
              table.targetRows(),
              table.sourceRows(),
              table.complete()
                  ? "loaded"
                  : String.format(
                      "%,d rows/s, %s",
                      table.rowsPerSecond(),
                      table.etaSeconds() == null ? "?" : table.etaSeconds() + " s left")));
    }
  }

  private static void stepLines(MigrationStatus status, StringBuilder out) {
    if (status.steps().isEmpty()) {
      return;
    }
    out.append("steps:\n");
    for (MigrationStatus.StepTime step : status.steps()) {
      out.append(
          String.format(
              "  %-20s %,8d s%s%n",
              step.step(), step.seconds(), step.finished() == null ? "  (running)" : ""));
    }
  }

  /** Bytes for people: B, KiB, MiB, GiB. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = n;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format("%.1f %s", value, units[unit]);
  }
}
