package io.pgcarry.migrate;

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
    out.append(
        String.format(
            "lag        %,d records%s%n",
            status.lagRecords(),
            status.lagRecords() == 0 && status.step() == Step.STREAMING ? " (no delay)" : ""));
    out.append(String.format("applied    %,d records", status.appliedRecords()));
    if (status.lastAppliedLsn() != null) {
      out.append(", up to source LSN ").append(status.lastAppliedLsn());
    }
    out.append('\n');
    if (!status.tables().isEmpty()) {
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
    out.append("updated    ").append(status.updatedAt()).append('\n');
    return out.toString();
  }
}
