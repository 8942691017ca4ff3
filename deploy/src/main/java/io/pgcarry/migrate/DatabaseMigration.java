package io.pgcarry.migrate;

import io.pgcarry.common.Connections;
import io.pgcarry.deploy.ConnectClient;
import io.pgcarry.schema.catalog.SourceTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database of a run while its pipeline runs: its migration, schema work and tables, its two
 * connectors, the probe of its lag and table progress, and a connection to its target database.
 * {@link #close()} closes what it opened. Not thread-safe.
 */
final class DatabaseMigration implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseMigration.class);

  private final MigrationSpec spec;
  private final SchemaWork schema;
  private final List<SourceTable> tables;
  private final MigrationConnectors connectors;
  private final LagProbe lag;
  private final Connection target;
  private final TableProgressProbe progress;

  private DatabaseMigration(
      MigrationSpec spec,
      SchemaWork schema,
      List<SourceTable> tables,
      MigrationConnectors connectors,
      LagProbe lag,
      Connection target,
      TableProgressProbe progress) {
    this.spec = spec;
    this.schema = schema;
    this.tables = List.copyOf(tables);
    this.connectors = connectors;
    this.lag = lag;
    this.target = target;
    this.progress = progress;
  }

  /**
   * Opens a database's probes on a running Connect cluster.
   *
   * @param label what the database's tables are shown under, empty in a single-database run
   * @param sourceRows the run's row estimates by table display name
   */
  static DatabaseMigration open(
      MigrationSpec spec,
      SchemaWork schema,
      List<SourceTable> tables,
      String label,
      Map<String, Long> sourceRows,
      MigrationRuntime runtime,
      WorkDir workDir) {
    LagProbe lag = new LagProbe(spec, runtime.bootstrapServers());
    try {
      return new DatabaseMigration(
          spec,
          schema,
          tables,
          new MigrationConnectors(spec, runtime.connect(), workDir.logFile()),
          lag,
          Connections.open(spec.target(), "target"),
          new TableProgressProbe(spec, tables, sourceRows, label));
    } catch (RuntimeException e) {
      lag.close();
      throw e;
    }
  }

  MigrationSpec spec() {
    return spec;
  }

  SchemaWork schema() {
    return schema;
  }

  List<SourceTable> tables() {
    return tables;
  }

  /** Whether the database has tables to load and stream; one without has no connectors. */
  boolean hasTables() {
    return !tables.isEmpty();
  }

  MigrationConnectors connectors() {
    return connectors;
  }

  LagProbe lag() {
    return lag;
  }

  Connection target() {
    return target;
  }

  TableProgressProbe progress() {
    return progress;
  }

  /** Whether a partition's topic is one of this database's change topics. */
  boolean owns(Lag.PartitionLag partition) {
    return partition.topic().startsWith(spec.topicPrefix() + ".");
  }

  /** Whether the source connector's offset says that every table's rows were sent. */
  boolean fullLoadSent(ConnectClient connect) {
    for (var entry : connect.offsets(spec.sourceConnectorName())) {
      if ("full-load".equals(entry.path("partition").path("pgcarry").asText())) {
        return entry.path("offset").path("complete").asBoolean(false);
      }
    }
    return false;
  }

  /**
   * Ends the database's replication: deletes both connectors, then drops the slot and the
   * publication ({@link MigrationCleanup}), so nothing can later overwrite the target. Idempotent.
   *
   * @return what was done, one line
   */
  String endReplication(Instant deadline) throws SQLException, InterruptedException {
    connectors.delete();
    MigrationCleanup cleanup = new MigrationCleanup(spec.migrationName(), spec.positionTable());
    try (Connection source = Connections.open(spec.source(), "source")) {
      cleanup.dropSlot(source, deadline);
      cleanup.dropPublication(source);
    }
    return "connectors deleted, slot " + spec.slotName() + " and publication dropped";
  }

  @Override
  public void close() {
    try {
      target.close();
    } catch (SQLException e) {
      LOG.debug("Closing the target connection of {} failed", spec.name(), e);
    }
    lag.close();
  }
}
