package io.pgcarry.migrate;

import io.pgcarry.common.ConnectionFailure;
import io.pgcarry.deploy.ConnectClient;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a running pipeline for the steps that wait on it (full load, streaming, cutover):
 * measures the lag and the tables' progress, stops the run when a connector failed, publishes the
 * status and prints a progress line. An end out of reach or a read-only target ({@link
 * OutageProbe}) is shown in the status while it lasts, and the run goes on: the connectors
 * reconnect and retry by themselves. Not thread-safe.
 */
final class ProgressMonitor {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressMonitor.class);

  /** How long the monitor waits for Connect workers that do not answer. */
  static final Duration UNREACHABLE = Duration.ofMinutes(5);

  private final MigrationConnectors connectors;
  private final LagProbe lag;
  private final TargetSession target;
  private final TableProgressProbe tables;
  private final SlotProbe slot;
  private final OutageProbe outages;
  private final StatusWriter status;
  private final Consumer<String> progress;
  private final LatencyWindow latency = new LatencyWindow();
  private Instant unreachableSince;
  private Lag last;
  private List<MigrationStatus.TableProgress> lastTables = List.of();
  private Optional<SlotPosition> lastSlot = Optional.empty();
  private List<String> lastOutages = List.of();

  ProgressMonitor(
      MigrationConnectors connectors,
      LagProbe lag,
      TargetSession target,
      TableProgressProbe tables,
      SlotProbe slot,
      OutageProbe outages,
      StatusWriter status,
      Consumer<String> progress) {
    this.connectors = connectors;
    this.lag = lag;
    this.target = target;
    this.tables = tables;
    this.slot = slot;
    this.outages = outages;
    this.status = status;
    this.progress = progress;
  }

  /**
   * Measures now and publishes the status. While the target cannot be measured, the last
   * measurement stands.
   *
   * @param message the status message, given what was measured
   * @return the lag measured, or the last one while the target is out of reach
   * @throws IllegalStateException when a connector failed, or the slot was invalidated
   */
  Lag observe(Step step, Function<Lag, String> message) {
    List<String> out;
    try {
      out = outages.check();
      connectors.requireHealthy();
      unreachableSince = null;
    } catch (ConnectClient.ConnectRequestException e) {
      tolerateUnreachable(e);
      out = lastOutages;
    } catch (IllegalStateException e) {
      status.failed(step, e.getMessage());
      throw e;
    }
    try {
      last = lag.measure();
      lastTables = tables.measure(target.get());
      lag.observeApplies(latency);
    } catch (SQLException | ConnectionFailure e) {
      target.close();
      LOG.debug("Cannot measure the lag on the target", e);
    }
    try {
      lastSlot = slot.measure();
    } catch (SQLException | ConnectionFailure e) {
      LOG.debug("Cannot measure the slot on the source", e);
    }
    if (!out.equals(lastOutages)) {
      out.forEach(line -> LOG.warn("Migration waits: {}", line));
      if (out.isEmpty() && !lastOutages.isEmpty()) {
        LOG.info("Migration goes on: both ends answer again");
      }
      lastOutages = out;
    }
    Lag current = last == null ? Lag.NONE : last;
    List<String> parts = new ArrayList<>();
    parts.add(message.apply(current));
    parts.addAll(out);
    Measurement measurement =
        new Measurement(
            current,
            lastTables,
            lastSlot,
            latency.latency(Instant.now()),
            lag.heartbeatAgeSeconds());
    MigrationStatus published = status.measured(step, String.join("; ", parts), measurement);
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
