package io.pgcarry.migrate.probes;

import io.pgcarry.common.ConnectionFailure;
import io.pgcarry.deploy.ConnectClient;
import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.state.MigrationStatus;
import io.pgcarry.migrate.state.StatusRenderer;
import io.pgcarry.migrate.state.StatusWriter;
import io.pgcarry.migrate.steps.DatabaseMigration;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a running pipeline for the steps that wait on it (full load, streaming, cutover): for
 * every database of the run, measures the lag and the tables' progress and stops the run when a
 * connector failed; publishes the status of them all and prints a progress line. An end out of
 * reach or a read-only target ({@link OutageProbe}) is shown in the status while it lasts, and the
 * run goes on: the connectors reconnect and retry by themselves. While a database's target cannot
 * be measured, its last measurement stands. Not thread-safe.
 */
public final class ProgressMonitor {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressMonitor.class);

  /** How long the monitor waits for Connect workers that do not answer. */
  static final Duration UNREACHABLE = Duration.ofMinutes(5);

  /** The slot shown for a run: the furthest behind, by its level first. */
  private static final Comparator<SlotPosition> BEHIND =
      Comparator.comparing(SlotPosition::level).thenComparingLong(SlotPosition::bytesBehind);

  private final List<DatabaseMigration> databases;
  private final StatusWriter status;
  private final Consumer<String> progress;
  private final LatencyWindow latency = new LatencyWindow();
  private Instant unreachableSince;
  private final List<Lag> lastLags;
  private final List<List<MigrationStatus.TableProgress>> lastTables;
  private final List<Optional<SlotPosition>> lastSlots;
  private List<String> lastOutages = List.of();

  public ProgressMonitor(
      List<DatabaseMigration> databases, StatusWriter status, Consumer<String> progress) {
    this.databases = List.copyOf(databases);
    this.status = status;
    this.progress = progress;
    this.lastLags = new ArrayList<>(Collections.nCopies(databases.size(), Lag.NONE));
    this.lastTables = new ArrayList<>(Collections.nCopies(databases.size(), List.of()));
    this.lastSlots = new ArrayList<>(Collections.nCopies(databases.size(), Optional.empty()));
  }

  /**
   * Measures now and publishes the status. While a database's target cannot be measured, its last
   * measurement stands.
   *
   * @param message the status message, given what was measured
   * @return the lag of every database, as one; a database's last one while its target is out of
   *     reach
   * @throws IllegalStateException when a connector failed, or a slot was invalidated
   */
  public Lag observe(Step step, Function<Lag, String> message) {
    List<String> out = outages(step);
    for (int i = 0; i < databases.size(); i++) {
      measure(i);
    }
    if (!out.equals(lastOutages)) {
      out.forEach(line -> LOG.warn("Migration waits: {}", line));
      if (out.isEmpty() && !lastOutages.isEmpty()) {
        LOG.info("Migration goes on: both ends answer again");
      }
      lastOutages = out;
    }
    Lag current = Lag.combine(lastLags);
    List<String> parts = new ArrayList<>();
    parts.add(message.apply(current));
    parts.addAll(out);
    List<MigrationStatus.TableProgress> tables = new ArrayList<>();
    lastTables.forEach(tables::addAll);
    Measurement measurement =
        new Measurement(
            current,
            tables,
            lastSlots.stream().flatMap(Optional::stream).max(BEHIND),
            latency.latency(Instant.now()),
            databases.get(0).lag().heartbeatAgeSeconds());
    MigrationStatus published = status.measured(step, String.join("; ", parts), measurement);
    progress.accept(StatusRenderer.oneLine(published));
    return current;
  }

  /**
   * What keeps each database waiting, its lines led by the database in a run over several; checks
   * the connectors meanwhile.
   */
  private List<String> outages(Step step) {
    List<String> out = new ArrayList<>();
    try {
      for (DatabaseMigration database : databases) {
        database.outages().check().forEach(line -> out.add(database.label() + line));
        database.connectors().requireHealthy();
        waiting(database).forEach(line -> out.add(database.label() + line));
      }
      unreachableSince = null;
      return out;
    } catch (ConnectClient.ConnectRequestException e) {
      tolerateUnreachable(e);
      return lastOutages;
    } catch (IllegalStateException e) {
      status.failed(step, e.getMessage());
      throw e;
    }
  }

  /** The database's tables that wait to stream; none while the source cannot be asked. */
  private static List<String> waiting(DatabaseMigration database) {
    try {
      return database.waitingTables();
    } catch (SQLException | ConnectionFailure e) {
      LOG.debug("Cannot list the waiting tables of {}", database.spec().name(), e);
      return List.of();
    }
  }

  /** Measures one database; what cannot be measured keeps its last measurement. */
  private void measure(int index) {
    DatabaseMigration database = databases.get(index);
    try {
      lastLags.set(index, database.lag().measure());
      lastTables.set(index, database.progress().measure(database.target().get()));
      database.lag().observeApplies(latency);
    } catch (SQLException | ConnectionFailure e) {
      database.target().close();
      LOG.debug("Cannot measure the lag on the target of {}", database.spec().name(), e);
    }
    try {
      lastSlots.set(index, database.slot().measure());
    } catch (SQLException | ConnectionFailure e) {
      LOG.debug("Cannot measure the slot on the source of {}", database.spec().name(), e);
    }
  }

  /** The lag of every database, as one. */
  public Lag measure() throws SQLException {
    List<Lag> lags = new ArrayList<>();
    for (DatabaseMigration database : databases) {
      lags.add(database.lag().measure());
    }
    return Lag.combine(lags);
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
  public void report(Step step, String line) {
    status.message(step, line);
    progress.accept(line);
  }
}
