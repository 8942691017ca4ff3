package io.pgcarry.migrate;

import io.pgcarry.deploy.ConnectClient;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a running pipeline for the steps that wait on it (full load, streaming, cutover):
 * measures the lag and the tables' progress, stops the run when a connector failed, publishes the
 * status and prints a progress line. Not thread-safe.
 */
final class ProgressMonitor {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressMonitor.class);

  /** How long the monitor waits for Connect workers that do not answer. */
  static final Duration UNREACHABLE = Duration.ofMinutes(5);

  private final MigrationConnectors connectors;
  private final LagProbe lag;
  private final Connection target;
  private final TableProgressProbe tables;
  private final SlotProbe slot;
  private final StatusWriter status;
  private final Consumer<String> progress;
  private final LatencyWindow latency = new LatencyWindow();
  private Instant unreachableSince;

  ProgressMonitor(
      MigrationConnectors connectors,
      LagProbe lag,
      Connection target,
      TableProgressProbe tables,
      SlotProbe slot,
      StatusWriter status,
      Consumer<String> progress) {
    this.connectors = connectors;
    this.lag = lag;
    this.target = target;
    this.tables = tables;
    this.slot = slot;
    this.status = status;
    this.progress = progress;
  }

  /**
   * Measures now and publishes the status.
   *
   * @param message the status message, given what was measured
   * @return the lag measured
   * @throws IllegalStateException when a connector failed
   */
  Lag observe(Step step, Function<Lag, String> message) throws SQLException {
    Lag current = lag.measure();
    try {
      connectors.requireHealthy();
      unreachableSince = null;
    } catch (ConnectClient.ConnectRequestException e) {
      tolerateUnreachable(e);
    } catch (IllegalStateException e) {
      status.failed(step, e.getMessage());
      throw e;
    }
    lag.observeApplies(latency);
    Measurement measurement =
        new Measurement(
            current,
            tables.measure(target),
            slot.measure(),
            latency.latency(Instant.now()),
            lag.heartbeatAgeSeconds());
    MigrationStatus published = status.measured(step, message.apply(current), measurement);
    progress.accept(StatusRenderer.oneLine(published));
    return current;
  }

  /**
   * A Connect cluster whose workers do not answer for a while (restarting, rebalancing) is waited
   * for, up to {@link #UNREACHABLE}; a worker that answers with an error is not.
   */
  private void tolerateUnreachable(ConnectClient.ConnectRequestException e) {
    if (!(e.getCause() instanceof IOException)) {
      throw e;
    }
    Instant now = Instant.now();
    if (unreachableSince == null) {
      unreachableSince = now;
    }
    if (now.isAfter(unreachableSince.plus(UNREACHABLE))) {
      throw new IllegalStateException(
          "Kafka Connect has not answered for "
              + UNREACHABLE.toMinutes()
              + " minutes: "
              + e.getMessage()
              + " (check the workers; run migrate again to resume)",
          e);
    }
    LOG.warn("Kafka Connect does not answer, retrying: {}", e.getMessage());
  }

  /** Reports a line, and keeps the status fresh so other shells see the run alive. */
  void report(Step step, String line) {
    status.message(step, line);
    progress.accept(line);
  }
}
