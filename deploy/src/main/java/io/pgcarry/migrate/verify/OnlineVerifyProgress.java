package io.pgcarry.migrate.verify;

import java.time.Instant;
import java.util.Objects;

/**
 * How far a {@code pgcarry verify --online} has got, as it publishes it in the migration's work
 * directory for {@code pgcarry status} to show: written when its chunks are planned, each time it
 * reads the sink's results, and at its end. Immutable.
 *
 * @param pid the verifying process
 * @param updatedAt when this was written
 * @param finished whether the verification ended and {@code report} is its verdict
 * @param stopped whether it stopped before its end (an error, an interruption), to be resumed
 * @param report per table, chunks matched, differing and pending so far
 */
public record OnlineVerifyProgress(
    long pid, Instant updatedAt, boolean finished, boolean stopped, OnlineVerifyReport report) {

  public OnlineVerifyProgress {
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(report, "report");
  }

  /** The progress of the current process, now. */
  public static OnlineVerifyProgress now(boolean finished, OnlineVerifyReport report) {
    return new OnlineVerifyProgress(
        ProcessHandle.current().pid(), Instant.now(), finished, false, report);
  }

  /** The same progress, of a verification that stopped before its end. */
  public OnlineVerifyProgress stop() {
    return new OnlineVerifyProgress(pid, Instant.now(), finished, true, report);
  }

  /** Whether the verification still runs: neither finished nor stopped, and its process alive. */
  public boolean running() {
    return !finished && !stopped && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
