package io.pgcarry.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgcarry.common.Connections;
import io.pgcarry.common.TableId;
import io.pgcarry.deploy.ConnectClient;
import io.pgcarry.deploy.ConnectCluster;
import io.pgcarry.deploy.EmbeddedRuntime;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one migration through its steps ({@link Step}), persisting each finished step so that a
 * restarted run resumes, and publishing its status every couple of seconds. Returns when a cutover
 * has completed.
 */
public final class MigrationDriver {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationDriver.class);
  private static final Duration TICK = Duration.ofSeconds(1);

  private final MigrationSpec spec;
  private final SchemaStep schema;
  private final WorkDir workDir;
  private final Consumer<String> progress;
  private final Duration cutoverTimeout;
  private MigrationState state;
  private TableProgressProbe tableProgress;
  private String message = "starting";
  private MigrationStatus lastStatus;

  /**
   * @param spec what to migrate
   * @param schema the schema work around the full load
   * @param progress receives one-line progress reports for the terminal
   * @param cutoverTimeout how long a cutover may wait for the target to catch up
   */
  public MigrationDriver(
      MigrationSpec spec, SchemaStep schema, Consumer<String> progress, Duration cutoverTimeout) {
    this.spec = spec;
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
   * @return the successful cutover's result
   */
  public CutoverResult run() throws Exception {
    state = workDir.readState().orElse(MigrationState.initial());
    if (state.step() == Step.DONE) {
      throw new IllegalStateException(
          "migration "
              + spec.name()
              + " was already cut over; run `pgcarry cleanup --name "
              + spec.name()
              + "` to start it anew");
    }
    if (state.step() == Step.NEW) {
      say("[precheck] checking the source and the target");
      schema.precheck();
    }
    if (!state.finished(Step.SCHEMA_PRE_DATA)) {
      enter(Step.SCHEMA_PRE_DATA, "creating the target schema (pre-data)");
      schema.preData();
      finish();
    }
    List<SourceTable> tables;
    try (Connection source = Connections.open(spec.source(), "source")) {
      Set<TableId> selected = new HashSet<>(schema.selectedTables());
      tables = SourceTable.list(source, selected::contains);
      tableProgress = TableProgressProbe.count(source, tables);
    }
    try (ConnectCluster cluster = startCluster();
        LagProbe lag = new LagProbe(spec, cluster.bootstrapServers());
        Connection target = Connections.open(spec.target(), "target")) {
      ConnectClient connect = new ConnectClient(cluster.connectUrl());
      if (!state.finished(Step.FULL_LOAD)) {
        enter(Step.FULL_LOAD, "loading " + tables.size() + " tables through Kafka");
        deploy(connect, tables);
        fullLoad(connect, lag, target);
        finish();
      } else {
        deploy(connect, tables);
      }
      if (!state.finished(Step.SCHEMA_POST_DATA)) {
        enter(Step.SCHEMA_POST_DATA, "creating triggers and foreign keys (post-data)");
        schema.postData();
        finish();
      }
      enter(Step.STREAMING, "streaming changes");
      return stream(connect, lag, target);
    }
  }

  private ConnectCluster startCluster() {
    if (spec.connectUrl().isPresent()) {
      String bootstrap =
          spec.bootstrapServers()
              .orElseThrow(
                  () -> new IllegalArgumentException("--connect-url needs --bootstrap-servers"));
      return ConnectCluster.external(bootstrap, spec.connectUrl().get());
    }
    progress.accept("starting the embedded Kafka broker and Connect worker");
    return EmbeddedRuntime.start(workDir.runtimeDir(), Map.of());
  }

  private void deploy(ConnectClient connect, List<SourceTable> tables) {
    connect.put(spec.sinkConnectorName(), ConnectorConfigs.sink(spec));
    connect.put(spec.sourceConnectorName(), ConnectorConfigs.source(spec, tables));
  }

  private void fullLoad(ConnectClient connect, LagProbe lag, Connection target) throws Exception {
    List<Lag.PartitionLag> marks = state.snapshotMarks();
    while (true) {
      Lag current = lag.measure();
      publish(connect, current, target);
      if (marks.isEmpty() && snapshotCompleted(connect)) {
        marks = lag.measure().partitions();
        state = state.withSnapshotMarks(marks);
        workDir.writeState(state);
        message = "snapshot read; applying the rest of it";
      }
      if (!marks.isEmpty() && current.reached(marks)) {
        return;
      }
      Thread.sleep(TICK.toMillis());
    }
  }

  /** Debezium's committed offset says whether its snapshot has finished. */
  private boolean snapshotCompleted(ConnectClient connect) {
    List<JsonNode> offsets = connect.offsets(spec.sourceConnectorName());
    if (offsets.isEmpty()) {
      return false;
    }
    JsonNode offset = offsets.get(0).path("offset");
    return !offset.has("snapshot") || offset.path("last_snapshot_record").asBoolean(false);
  }

  private CutoverResult stream(ConnectClient connect, LagProbe lag, Connection target)
      throws Exception {
    while (true) {
      Lag current = lag.measure();
      message = current.records() == 0 ? "streaming, no delay" : "streaming";
      publish(connect, current, target);
      Optional<CutoverRequest> request = workDir.cutoverRequest();
      if (request.isPresent()) {
        enter(Step.CUTOVER, "cutting over");
        CutoverResult result =
            new Cutover(spec, connect, lag, schema, cutoverTimeout, this::cutoverProgress)
                .run(request.get());
        if (result.success()) {
          finish();
          state = state.begin(Step.DONE).finish();
          workDir.writeState(state);
          message = result.message();
          publishFinal(current);
          workDir.writeCutoverResult(result);
          return result;
        }
        workDir.writeCutoverResult(result);
        say(result.message());
        state = state.begin(Step.STREAMING);
      }
      Thread.sleep(TICK.toMillis());
    }
  }

  private void publish(ConnectClient connect, Lag current, Connection target) throws SQLException {
    String failure = failure(connect).orElse(null);
    if (failure != null) {
      throw new IllegalStateException(
          "a connector of migration "
              + spec.name()
              + " failed: "
              + failure
              + " (details in "
              + workDir.logFile()
              + "; run migrate again to resume)");
    }
    List<MigrationStatus.TableProgress> tables = tableProgress.measure(target);
    MigrationStatus status =
        new MigrationStatus(
            spec.name(),
            ProcessHandle.current().pid(),
            Instant.now(),
            state.step(),
            message,
            tables,
            current.records(),
            current.applied(),
            current.lastAppliedLsn().orElse(null),
            current.lastAppliedCommit().orElse(null),
            null);
    workDir.writeStatus(status);
    lastStatus = status;
    say(StatusRenderer.oneLine(status));
  }

  /** Reports cutover progress, and keeps the status fresh so other shells see it alive. */
  private void cutoverProgress(String line) {
    message = line;
    if (lastStatus != null) {
      MigrationStatus s = lastStatus;
      workDir.writeStatus(
          new MigrationStatus(
              s.name(),
              s.pid(),
              Instant.now(),
              state.step(),
              line,
              s.tables(),
              s.lagRecords(),
              s.appliedRecords(),
              s.lastAppliedLsn(),
              s.lastAppliedCommit(),
              s.failure()));
    }
    say(line);
  }

  private void publishFinal(Lag last) {
    workDir.writeStatus(
        new MigrationStatus(
            spec.name(),
            ProcessHandle.current().pid(),
            Instant.now(),
            Step.DONE,
            message,
            List.of(),
            0,
            last.applied(),
            last.lastAppliedLsn().orElse(null),
            last.lastAppliedCommit().orElse(null),
            null));
  }

  private Optional<String> failure(ConnectClient connect) {
    for (String name : List.of(spec.sourceConnectorName(), spec.sinkConnectorName())) {
      Optional<String> failed =
          connect.status(name).flatMap(ConnectClient.ConnectorStatus::failure);
      if (failed.isPresent()) {
        return Optional.of(name + ": " + headline(failed.get()));
      }
    }
    return Optional.empty();
  }

  /** The most telling line of a Java stack trace: the first cause, else the first line. */
  static String headline(String trace) {
    List<String> lines = trace.lines().toList();
    return lines.stream()
        .filter(line -> line.startsWith("Caused by: "))
        .map(line -> line.substring("Caused by: ".length()))
        .findFirst()
        .orElse(lines.isEmpty() ? "failed" : lines.get(0));
  }

  private void enter(Step step, String what) {
    state = state.begin(step);
    workDir.writeState(state);
    message = what;
    say("[" + step.label() + "] " + what);
    LOG.info("Migration {}: {}", spec.name(), what);
  }

  private void finish() {
    state = state.finish();
    workDir.writeState(state);
  }

  private void say(String line) {
    progress.accept(line);
  }
}
