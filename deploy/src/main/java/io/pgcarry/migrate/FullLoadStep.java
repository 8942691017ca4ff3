package io.pgcarry.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgcarry.common.ConnectionFailure;
import io.pgcarry.deploy.ConnectClient;
import io.pgcarry.schema.catalog.SourceTable;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Deploys the connectors and waits until the sink has applied the whole full load: once the source
 * connector's offset says every table's rows were sent, the end offsets of the change topics are
 * noted (the snapshot marks, kept in the state so a restart waits for the same marks), and the step
 * ends when the sink has applied up to them.
 */
final class FullLoadStep implements MigrationStep {

  private static final Duration TICK = Duration.ofSeconds(1);

  private final MigrationSpec spec;
  private final List<SourceTable> tables;
  private final MigrationConnectors connectors;
  private final ConnectClient connect;
  private final LagProbe lag;
  private final ProgressMonitor monitor;
  private final StateStore store;
  private final String bootstrapServers;

  FullLoadStep(
      MigrationSpec spec,
      List<SourceTable> tables,
      MigrationConnectors connectors,
      MigrationRuntime runtime,
      ProgressMonitor monitor,
      StateStore store) {
    this.spec = spec;
    this.tables = List.copyOf(tables);
    this.connectors = connectors;
    this.connect = runtime.connect();
    this.lag = runtime.lag();
    this.monitor = monitor;
    this.store = store;
    this.bootstrapServers = runtime.bootstrapServers();
  }

  @Override
  public Step step() {
    return Step.FULL_LOAD;
  }

  @Override
  public String description() {
    return "loading " + tables.size() + " tables through Kafka";
  }

  @Override
  public void run() throws Exception {
    ChangeTopics.create(spec, bootstrapServers, tables);
    connectors.deploy(tables);
    String message = description();
    List<Lag.PartitionLag> marks = store.state().snapshotMarks();
    while (true) {
      String now = message;
      Lag current = monitor.observe(Step.FULL_LOAD, measured -> now);
      if (marks.isEmpty() && snapshotCompleted()) {
        List<Lag.PartitionLag> noted = endOffsets();
        if (!noted.isEmpty()) {
          store.update(state -> state.withSnapshotMarks(noted));
          marks = noted;
          message = "snapshot read; applying the rest of it";
        }
      }
      if (!marks.isEmpty() && current.reached(marks)) {
        return;
      }
      Thread.sleep(TICK.toMillis());
    }
  }

  /** The change topics' end offsets now; none while the target cannot be measured. */
  private List<Lag.PartitionLag> endOffsets() {
    try {
      return lag.measure().partitions();
    } catch (SQLException | ConnectionFailure e) {
      return List.of();
    }
  }

  /** The connectors keep running between the steps; a resumed run puts them back. */
  @Override
  public void resume() {
    connectors.deploy(tables);
  }

  /**
   * The source connector's full-load offset says whether every table's rows were sent: it is
   * committed complete only once Kafka has all of them.
   */
  private boolean snapshotCompleted() {
    for (JsonNode entry : connect.offsets(spec.sourceConnectorName())) {
      if ("full-load".equals(entry.path("partition").path("pgcarry").asText())) {
        return entry.path("offset").path("complete").asBoolean(false);
      }
    }
    return false;
  }
}
