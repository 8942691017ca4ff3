package io.pgcarry.migrate;

import io.pgcarry.common.Connections;
import io.pgcarry.common.TableId;
import io.pgcarry.schema.catalog.SourceTable;
import java.net.URI;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one migration through its steps, in order: {@link PrecheckStep}, {@link SchemaPreDataStep},
 * {@link FullLoadStep}, {@link SchemaPostDataStep}, then {@link StreamingStep} and {@link
 * CutoverStep} until a cutover completes. It records each step's start and end in the work
 * directory, so that a restarted run resumes after the last finished step, and ends with a summary
 * of every step and its duration. Not thread-safe; one run per instance.
 */
public final class MigrationDriver {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationDriver.class);

  private final MigrationSpec spec;
  private final SchemaWork schema;
  private final WorkDir workDir;
  private final Consumer<String> progress;
  private final Duration cutoverTimeout;
  private final OperatorOptions operator;

  /** A driver with {@link OperatorOptions#DEFAULT}. */
  public MigrationDriver(
      MigrationSpec spec, SchemaWork schema, Consumer<String> progress, Duration cutoverTimeout) {
    this(spec, schema, progress, cutoverTimeout, OperatorOptions.DEFAULT);
  }

  /**
   * @param spec what to migrate
   * @param schema the schema work around the full load
   * @param progress receives one-line progress reports for the terminal
   * @param cutoverTimeout how long a cutover may wait for the target to catch up
   * @param operator the status page and the retained WAL thresholds
   */
  public MigrationDriver(
      MigrationSpec spec,
      SchemaWork schema,
      Consumer<String> progress,
      Duration cutoverTimeout,
      OperatorOptions operator) {
    this.spec = spec;
    this.operator = operator;
    this.schema = schema;
    this.workDir = new WorkDir(spec.workDir(), spec.name());
    this.progress = progress;
    this.cutoverTimeout = cutoverTimeout;
  }

  public WorkDir workDir() {
    return workDir;
  }

  /**
   * Runs the migration until a cutover completes.
   *
   * @return every step with its duration, and the successful cutover
   */
  public MigrationSummary run() throws Exception {
    workDir.create();
    StateStore store = new StateStore(workDir);
    if (store.state().step() == Step.DONE) {
      throw new IllegalStateException(
          "migration "
              + spec.name()
              + " was already cut over; run `pgcarry cleanup --name "
              + spec.name()
              + "` to start it anew");
    }
    CompletableFuture<MigrationRuntime> starting = startRuntime();
    List<SourceTable> tables = prepare(store, starting);
    try (MigrationRuntime runtime = started(starting);
        SlotProbe slot = new SlotProbe(spec, operator.wal());
        StatusWriter status = statusWriter(store, runtime)) {
      MigrationConnectors connectors =
          new MigrationConnectors(spec, runtime.connect(), runtime.secrets(), logs());
      ProgressMonitor monitor =
          new ProgressMonitor(
              connectors,
              runtime.lag(),
              runtime.target(),
              new TableProgressProbe(spec, store.state().sourceRows()),
              slot,
              runtime.outages(),
              status,
              progress);
      perform(store, new FullLoadStep(spec, tables, connectors, runtime, monitor, store));
      perform(store, new SchemaPostDataStep(schema, progress));
      CutoverStep cutover =
          new CutoverStep(
              spec,
              workDir,
              connectors,
              runtime.lag(),
              schema,
              cutoverTimeout,
              line -> monitor.report(Step.CUTOVER, line));
      MigrationSummary summary = streamUntilCutover(store, monitor, cutover, status);
      if (spec.connectUrl().isEmpty()) {
        // The connectors are gone: the embedded worker needs its secrets no more.
        runtime.secrets().delete();
      }
      return summary;
    }
  }

  /** The broker and the worker take seconds to start; they start while the schema steps run. */
  private CompletableFuture<MigrationRuntime> startRuntime() {
    return CompletableFuture.supplyAsync(
        () -> MigrationRuntime.start(spec, workDir, progress),
        task -> new Thread(task, "pgcarry-runtime-start").start());
  }

  /**
   * The precheck and pre-data steps, then the tables to load; a failure stops the runtime that was
   * starting meanwhile.
   */
  private List<SourceTable> prepare(StateStore store, CompletableFuture<MigrationRuntime> starting)
      throws Exception {
    try {
      perform(store, new PrecheckStep(schema));
      perform(store, new SchemaPreDataStep(schema));
      return sourceTables(store);
    } catch (Exception | Error e) {
      stopWhenStarted(starting);
      throw e;
    }
  }

  /** The runtime once it started; its own failure as thrown by {@link MigrationRuntime#start}. */
  private static MigrationRuntime started(CompletableFuture<MigrationRuntime> starting)
      throws InterruptedException {
    try {
      return starting.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException("the embedded runtime did not start", e.getCause());
    }
  }

  /** Stops a runtime that was starting for a run that failed before it needed it. */
  private static void stopWhenStarted(CompletableFuture<MigrationRuntime> starting) {
    try {
      started(starting).close();
    } catch (RuntimeException e) {
      LOG.debug("The embedded runtime did not start either", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Streaming and cutover run on every start: a failed cutover leaves replication running. */
  private MigrationSummary streamUntilCutover(
      StateStore store, ProgressMonitor monitor, CutoverStep cutover, StatusWriter status)
      throws Exception {
    while (true) {
      execute(store, new StreamingStep(workDir, monitor));
      try {
        execute(store, cutover);
      } catch (CutoverStep.CutoverFailed e) {
        workDir.writeCutoverResult(e.result());
        progress.accept(e.getMessage());
        continue;
      }
      return finish(store, status, cutover.result());
    }
  }

  /** The status writer, with where operators reach the running migration. */
  private StatusWriter statusWriter(StateStore store, MigrationRuntime runtime) {
    StatusWriter status = new StatusWriter(spec.name(), workDir, store::state);
    status.endpoints(
        runtime.cluster().connectUrl().toString(),
        runtime.cluster().bootstrapServers(),
        operator.statusPage().map(URI::toString).orElse(null),
        runtime.lag().heartbeatTopic());
    return status;
  }

  /** Where a connector's failure is explained: this run's log, or the workers' logs. */
  private String logs() {
    return spec.connectUrl().isEmpty()
        ? workDir.logFile().toString()
        : "the Connect workers' logs (" + spec.connectUrl().get() + ")";
  }

  /**
   * Runs a step that is not done yet; resumes one that is done: finished, or followed by a later
   * step (a migration past its precheck is not checked again: its slot exists by then).
   */
  private void perform(StateStore store, MigrationStep step) throws Exception {
    MigrationState state = store.state();
    if (state.finished(step.step()) || state.step().compareTo(step.step()) > 0) {
      step.resume();
      return;
    }
    execute(store, step);
  }

  /** Runs a step, recording its start and, when it returns, its end. */
  private void execute(StateStore store, MigrationStep step) throws Exception {
    store.update(state -> state.begin(step.step()));
    progress.accept("[" + step.step().label() + "] " + step.description());
    LOG.info("Migration {}: {}", spec.name(), step.description());
    step.run();
    store.update(MigrationState::finish);
  }

  /**
   * The tables to migrate; their row estimates on the source are taken once, when the full load
   * first starts, and kept in the state for progress reports.
   */
  private List<SourceTable> sourceTables(StateStore store) throws Exception {
    Set<TableId> selected = new HashSet<>(schema.selectedTables());
    try (Connection source = Connections.open(spec.source(), "source")) {
      List<SourceTable> tables = SourceTable.list(source, selected::contains);
      if (store.state().sourceRows().isEmpty()) {
        Map<String, Long> rows = TableProgressProbe.estimate(source, tables);
        store.update(state -> state.withSourceRows(rows));
      }
      return tables;
    }
  }

  private MigrationSummary finish(StateStore store, StatusWriter status, CutoverResult result) {
    MigrationState done = store.update(state -> state.begin(Step.DONE).finish());
    status.done(result.message());
    workDir.writeCutoverResult(result);
    MigrationSummary summary = MigrationSummary.of(spec.name(), done, result);
    workDir.writeSummary(summary);
    return summary;
  }
}
