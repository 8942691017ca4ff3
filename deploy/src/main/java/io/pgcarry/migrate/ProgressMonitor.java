package io.pgcarry.migrate;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Watches a running pipeline for the steps that wait on it (full load, streaming, cutover): for
 * every database of the run, measures the lag and the tables' progress and stops the run when a
 * connector failed; publishes the status of them all and prints a progress line. Not thread-safe.
 */
final class ProgressMonitor {

  private final List<DatabaseMigration> databases;
  private final StatusWriter status;
  private final Consumer<String> progress;

  ProgressMonitor(
      List<DatabaseMigration> databases, StatusWriter status, Consumer<String> progress) {
    this.databases = List.copyOf(databases);
    this.status = status;
    this.progress = progress;
  }

  /**
   * Measures now and publishes the status.
   *
   * @param message the status message, given what was measured
   * @return the lag of every database, as one
   * @throws IllegalStateException when a connector failed
   */
  Lag observe(Step step, Function<Lag, String> message) throws SQLException {
    Lag current = measure();
    List<MigrationStatus.TableProgress> tables = new ArrayList<>();
    for (DatabaseMigration database : databases) {
      database.connectors().requireHealthy();
      tables.addAll(database.progress().measure(database.target()));
    }
    MigrationStatus published = status.measured(step, message.apply(current), current, tables);
    progress.accept(StatusRenderer.oneLine(published));
    return current;
  }

  /** The lag of every database, as one. */
  Lag measure() throws SQLException {
    List<Lag> lags = new ArrayList<>();
    for (DatabaseMigration database : databases) {
      lags.add(database.lag().measure());
    }
    return Lag.combine(lags);
  }

  /** Reports a line, and keeps the status fresh so other shells see the run alive. */
  void report(Step step, String line) {
    status.message(step, line);
    progress.accept(line);
  }
}
