package io.pgcarry.migrate;

import io.pgcarry.common.ConnectionFailure;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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

  private final MigrationConnectors connectors;
  private final LagProbe lag;
  private final TargetSession target;
  private final TableProgressProbe tables;
  private final OutageProbe outages;
  private final StatusWriter status;
  private final Consumer<String> progress;
  private Lag last;
  private List<MigrationStatus.TableProgress> lastTables = List.of();
  private List<String> lastOutages = List.of();

  ProgressMonitor(
      MigrationConnectors connectors,
      LagProbe lag,
      TargetSession target,
      TableProgressProbe tables,
      OutageProbe outages,
      StatusWriter status,
      Consumer<String> progress) {
    this.connectors = connectors;
    this.lag = lag;
    this.target = target;
    this.tables = tables;
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
    List<String> out = outages.check();
    connectors.requireHealthy();
    try {
      last = lag.measure();
      lastTables = tables.measure(target.get());
    } catch (SQLException | ConnectionFailure e) {
      target.close();
      LOG.debug("Cannot measure the lag on the target", e);
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
    MigrationStatus published =
        status.measured(step, String.join("; ", parts), current, lastTables);
    progress.accept(StatusRenderer.oneLine(published));
    return current;
  }

  /** Reports a line, and keeps the status fresh so other shells see the run alive. */
  void report(Step step, String line) {
    status.message(step, line);
    progress.accept(line);
  }
}
