package io.pgcarry.migrate;

import io.pgcarry.common.Connections;
import io.pgcarry.common.TableId;
import io.pgcarry.migrate.cleanup.AccountLeftovers;
import io.pgcarry.migrate.connectors.MigrationRuntime;
import io.pgcarry.migrate.fallback.FallbackSetup;
import io.pgcarry.migrate.fallback.ReverseReplication;
import io.pgcarry.migrate.fallback.ReverseStep;
import io.pgcarry.migrate.probes.LagProbe;
import io.pgcarry.migrate.probes.ProgressMonitor;
import io.pgcarry.migrate.probes.TableProgressProbe;
import io.pgcarry.migrate.state.CutoverResult;
import io.pgcarry.migrate.state.MigrationState;
import io.pgcarry.migrate.state.MigrationSummary;
import io.pgcarry.migrate.state.RunDatabases;
import io.pgcarry.migrate.state.StateStore;
import io.pgcarry.migrate.state.StatusWriter;
import io.pgcarry.migrate.state.WorkDir;
import io.pgcarry.migrate.steps.CutoverStep;
import io.pgcarry.migrate.steps.DatabaseMigration;
import io.pgcarry.migrate.steps.FinishStep;
import io.pgcarry.migrate.steps.FullLoadStep;
import io.pgcarry.migrate.steps.MigrationStep;
import io.pgcarry.migrate.steps.PrecheckStep;
import io.pgcarry.migrate.steps.SchemaPostDataStep;
import io.pgcarry.migrate.steps.SchemaPreDataStep;
import io.pgcarry.migrate.steps.StreamingStep;
import io.pgcarry.migrate.steps.VerifyStep;
import io.pgcarry.migrate.verify.CutoverRecheck;
import io.pgcarry.schema.catalog.SourceTable;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a migration of one database or several through its steps, in order: {@link PrecheckStep},
 * {@link SchemaPreDataStep}, {@link FullLoadStep}, {@link SchemaPostDataStep}, then {@link
 * StreamingStep} and {@link CutoverStep} until a cutover completes (after a cutover with {@code
 * --fallback}, {@link ReverseStep} until a fallback or a finish), or, without streaming, {@link
 * FinishStep} and {@link VerifyStep}. Every database of the run goes through each step before the
 * next begins. It records each step's start and end in the work directory, so that a restarted run
 * resumes after the last finished step, and ends with a summary of every step and its duration. Not
 * thread-safe; one run per instance.
 */
public final class MigrationDriver {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationDriver.class);

  private final MigrationRun run;
  private final List<SchemaWork> schemas;
  private final Function<MigrationSpec, SchemaWork> schema;
  private final WorkDir workDir;
  private final Consumer<String> progress;
  private final Duration cutoverTimeout;
  private final OperatorOptions operator;

  /**
   * @param run what to migrate
   * @param schema the schema work around the full load of each database
   * @param progress receives one-line progress reports for the terminal
   * @param cutoverTimeout how long a cutover may wait for the target to catch up
   * @param operator the status page and the retained WAL thresholds
   */
  public MigrationDriver(
      MigrationRun run,
      Function<MigrationSpec, SchemaWork> schema,
      Consumer<String> progress,
      Duration cutoverTimeout,
      OperatorOptions operator) {
    this.run = run;
    this.operator = operator;
    this.schema = schema;
    this.schemas = run.databases().stream().map(schema).toList();
    this.workDir = new WorkDir(run.settings().workDir(), run.name());
    this.progress = progress;
    this.cutoverTimeout = cutoverTimeout;
  }

  public WorkDir workDir() {
    return workDir;
  }

  /**
   * Runs the migration until a cutover completes, or, without streaming, until the target is
   * verified.
   *
   * @return every step with its duration, and the outcome
   * @throws VerifyFailed when, without streaming, tables differ at the end
   */
  public MigrationSummary run() throws Exception {
    workDir.create();
    StateStore store = new StateStore(workDir);
    if (store.state().step() == Step.DONE) {
      throw new IllegalStateException(
          "migration "
              + run.name()
              + " is already done; run `pgcarry cleanup --name "
              + run.name()
              + "` to start it anew");
    }
    requireSameDatabases();
    CompletableFuture<MigrationRuntime> starting = startRuntime();
    List<List<SourceTable>> tables = prepare(store, starting);
    try (MigrationRuntime runtime = started(starting);
        StatusWriter status = statusWriter(store, runtime)) {
      List<DatabaseMigration> databases = new ArrayList<>();
      try {
        for (int i = 0; i < schemas.size(); i++) {
          MigrationSpec spec = run.databases().get(i);
          databases.add(
              DatabaseMigration.open(
                  spec,
                  schemas.get(i),
                  tables.get(i),
                  run.label(spec),
                  store.state().sourceRows(),
                  runtime,
                  operator.wal(),
                  logs(),
                  run.ddlCapture(spec),
                  run.snapshotBytesPerSecond()));
        }
        MigrationSummary summary = pipeline(store, status, runtime, databases);
        if (run.settings().connectUrl().isEmpty()) {
          // The connectors are gone: the embedded worker needs its secrets no more.
          runtime.secrets().delete();
        }
        return summary;
      } finally {
        databases.forEach(DatabaseMigration::close);
      }
    }
  }

  private MigrationSummary pipeline(
      StateStore store,
      StatusWriter status,
      MigrationRuntime runtime,
      List<DatabaseMigration> databases)
      throws Exception {
    if (store.state().step() == Step.REVERSE_STREAMING) {
      // Cut over with --fallback before this process started: the way back goes on.
      return reverse(store, status, runtime, databases, Optional.empty());
    }
    ProgressMonitor monitor = new ProgressMonitor(databases, status, progress);
    perform(store, new FullLoadStep(run, databases, runtime, monitor, store));
    perform(store, new SchemaPostDataStep(databases, progress));
    if (!run.streaming()) {
      return withoutStreaming(store, status, databases);
    }
    CutoverStep cutover =
        new CutoverStep(
            run,
            workDir,
            databases,
            monitor,
            cutoverTimeout,
            line -> monitor.report(Step.CUTOVER, line),
            new FallbackSetup(run),
            database -> recheck(database, runtime));
    CutoverResult result = streamUntilCutover(store, monitor, cutover);
    if (cutover.fallingBack()) {
      return reverse(store, status, runtime, databases, Optional.of(result));
    }
    return finish(store, status, result, workDir::writeCutoverResult);
  }

  /**
   * After a cutover with --fallback: starts the way back (the cutover's outcome, written once it
   * runs, lets {@code pgcarry cutover} return), then streams until {@code pgcarry fallback} or
   * {@code pgcarry finish} ends it.
   *
   * @param cutover the cutover just done, or empty when a restarted run resumes the way back
   */
  private MigrationSummary reverse(
      StateStore store,
      StatusWriter status,
      MigrationRuntime runtime,
      List<DatabaseMigration> databases,
      Optional<CutoverResult> cutover)
      throws Exception {
    // From here a restarted run resumes the way back: the forward replication is gone.
    store.update(state -> state.begin(Step.REVERSE_STREAMING));
    try (ReverseReplication reverse =
        ReverseReplication.open(
            databases, runtime, workDir, schema, operator.wal(), logs(), run.ddl())) {
      List<String> started = reverse.start();
      // Published before the cutover is answered: a `fallback` or `finish` run as soon as
      // `cutover` returns reads the way back as streaming.
      status.message(Step.REVERSE_STREAMING, "the new server's changes stream back to the old one");
      if (cutover.isPresent()) {
        List<String> steps = new ArrayList<>(cutover.get().steps());
        steps.addAll(started);
        CutoverResult result = cutover.get();
        workDir.writeCutoverResult(
            new CutoverResult(
                result.requestId(),
                true,
                result.message()
                    + "; the new server's changes stream back to the old one until `pgcarry"
                    + " fallback` or `pgcarry finish`",
                result.sourceLsn(),
                steps,
                result.followUp()));
      }
      started.forEach(progress);
      ReverseStep step =
          new ReverseStep(
              workDir,
              reverse,
              new ProgressMonitor(reverse.databases(), status, progress),
              cutoverTimeout);
      execute(store, step);
      return finish(
          store,
          status,
          step.outcome().result(),
          result -> workDir.writeReverseResult(step.outcome()));
    }
  }

  /** The broker and the worker take seconds to start; they start while the schema steps run. */
  private CompletableFuture<MigrationRuntime> startRuntime() {
    return CompletableFuture.supplyAsync(
        () -> MigrationRuntime.start(run, workDir, progress),
        task -> new Thread(task, "pgcarry-runtime-start").start());
  }

  /**
   * The precheck and pre-data steps, then the tables to load; a failure stops the runtime that was
   * starting meanwhile.
   */
  private List<List<SourceTable>> prepare(
      StateStore store, CompletableFuture<MigrationRuntime> starting) throws Exception {
    try {
      perform(store, new PrecheckStep(schemas));
      workDir.writeDatabases(RunDatabases.of(run));
      perform(store, new SchemaPreDataStep(schemas));
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

  /**
   * Streaming and cutover run on every start: a failed cutover leaves replication running.
   *
   * @return the outcome of the cutover that succeeded
   */
  private CutoverResult streamUntilCutover(
      StateStore store, ProgressMonitor monitor, CutoverStep cutover) throws Exception {
    while (true) {
      execute(store, new StreamingStep(workDir, monitor));
      try {
        execute(store, cutover);
      } catch (CutoverStep.CutoverFailed e) {
        // Streaming again, as the status says, before the outcome is answered: a cutover asked
        // for as soon as this one has failed is taken.
        store.update(state -> state.begin(Step.STREAMING));
        monitor.report(Step.STREAMING, e.getMessage());
        workDir.writeCutoverResult(e.result());
        continue;
      }
      return cutover.result();
    }
  }

  private MigrationSummary withoutStreaming(
      StateStore store, StatusWriter status, List<DatabaseMigration> databases) throws Exception {
    FinishStep finishing = new FinishStep(run, databases, progress);
    perform(store, finishing);
    VerifyStep verify = new VerifyStep(run.databases(), progress);
    perform(store, verify);
    List<String> steps = new ArrayList<>(finishing.done());
    steps.addAll(verify.done());
    CutoverResult result =
        new CutoverResult(
            "no-streaming",
            true,
            "full load complete; replication ended when the load was on the target",
            null,
            steps,
            AccountLeftovers.of(first()));
    return finish(store, status, result, workDir::writeCutoverResult);
  }

  /** The status writer, with where operators reach the running migration. */
  private StatusWriter statusWriter(StateStore store, MigrationRuntime runtime) {
    StatusWriter status = new StatusWriter(run.name(), workDir, store::state);
    status.endpoints(
        runtime.cluster().connectUrl().toString(),
        runtime.cluster().bootstrapServers(),
        operator.statusPage().map(URI::toString).orElse(null),
        LagProbe.heartbeatTopic(first()));
    return status;
  }

  /** Where a connector's failure is explained: this run's log, or the workers' logs. */
  private String logs() {
    return run.settings().connectUrl().isEmpty()
        ? workDir.logFile().toString()
        : "the Connect workers' logs (" + run.settings().connectUrl().get() + ")";
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
    LOG.info("Migration {}: {}", run.name(), step.description());
    step.run();
    store.update(MigrationState::finish);
  }

  /**
   * A resumed run must migrate the databases it first started with, under the same names: their
   * slots, topics and positions are named after them. The databases are recorded once the precheck
   * passed.
   */
  private void requireSameDatabases() {
    RunDatabases now = RunDatabases.of(run);
    workDir
        .readDatabases()
        .filter(before -> !before.equals(now))
        .ifPresent(
            before -> {
              throw new IllegalArgumentException(
                  "migration "
                      + run.name()
                      + " was started for the databases "
                      + before.databases()
                      + "; run it again with the same databases, or `pgcarry cleanup --name "
                      + run.name()
                      + "` it first");
            });
  }

  /**
   * The tables to migrate of each database; their row estimates on the source are taken once, when
   * the full load first starts, and kept in the state for progress reports.
   */
  private List<List<SourceTable>> sourceTables(StateStore store) throws Exception {
    List<List<SourceTable>> tables = new ArrayList<>();
    Map<String, Long> rows = new LinkedHashMap<>();
    for (int i = 0; i < schemas.size(); i++) {
      MigrationSpec spec = run.databases().get(i);
      Set<TableId> selected = new HashSet<>(schemas.get(i).selectedTables());
      try (Connection source = Connections.open(spec.source(), "source")) {
        List<SourceTable> found = SourceTable.list(source, selected::contains);
        tables.add(found);
        if (store.state().sourceRows().isEmpty()) {
          rows.putAll(TableProgressProbe.estimate(source, found, run.label(spec)));
        }
      }
    }
    if (store.state().sourceRows().isEmpty()) {
      store.update(state -> state.withSourceRows(rows));
    }
    return tables;
  }

  /**
   * Brings the database's last online verification up to the cutover ({@link CutoverRecheck}).
   *
   * @throws IllegalStateException when a chunk differs: the cutover fails, replication goes on
   */
  private Optional<String> recheck(DatabaseMigration database, MigrationRuntime runtime)
      throws SQLException {
    MigrationSpec spec = database.spec();
    Optional<CutoverRecheck.Outcome> outcome =
        new CutoverRecheck(spec, runtime.kafkaClient())
            .run(new WorkDir(workDir.path().getParent(), spec.name()));
    if (outcome.isPresent() && !outcome.get().identical()) {
      throw new IllegalStateException(
          "the target differs from the source in "
              + outcome.get().differing().size()
              + " chunk(s) of online verification "
              + outcome.get().run()
              + " compared again after the final position: "
              + String.join("; ", outcome.get().differing())
              + ". Replication goes on. If the application still writes to the source, stop it"
              + " and cut over again; else replace those rows through the stream with pgcarry"
              + " verify --online --repair --name "
              + spec.name()
              + ", then cut over again");
    }
    return outcome.map(CutoverRecheck.Outcome::summary);
  }

  private MigrationSpec first() {
    return run.databases().get(0);
  }

  /**
   * @param answer writes the outcome where the command that asked for it reads it
   */
  private MigrationSummary finish(
      StateStore store, StatusWriter status, CutoverResult result, Consumer<CutoverResult> answer) {
    MigrationState done = store.update(state -> state.begin(Step.DONE).finish());
    status.done(result.message());
    answer.accept(result);
    MigrationSummary summary = MigrationSummary.of(run.name(), done, result);
    workDir.writeSummary(summary);
    return summary;
  }
}
