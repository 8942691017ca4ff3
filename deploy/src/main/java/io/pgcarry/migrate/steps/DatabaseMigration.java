package io.pgcarry.migrate.steps;

import io.pgcarry.common.Connections;
import io.pgcarry.deploy.ConnectClient;
import io.pgcarry.migrate.DdlCapture;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.migrate.SchemaWork;
import io.pgcarry.migrate.cleanup.MigrationCleanup;
import io.pgcarry.migrate.connectors.ConnectorSecrets;
import io.pgcarry.migrate.connectors.MigrationConnectors;
import io.pgcarry.migrate.connectors.MigrationRuntime;
import io.pgcarry.migrate.probes.KeysToBuild;
import io.pgcarry.migrate.probes.Lag;
import io.pgcarry.migrate.probes.LagProbe;
import io.pgcarry.migrate.probes.OutageProbe;
import io.pgcarry.migrate.probes.SlotProbe;
import io.pgcarry.migrate.probes.TableProgressProbe;
import io.pgcarry.migrate.probes.WaitingTables;
import io.pgcarry.migrate.probes.WalThresholds;
import io.pgcarry.migrate.probes.WatchSession;
import io.pgcarry.schema.catalog.SourceTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One database of a run while its pipeline runs: its migration, schema work and tables, its two
 * connectors, the probes of its lag, table progress, slot, outages and waiting tables, and a
 * session on each of its databases (the slot and the waiting tables share the source's), which
 * connects on first use and again after it was lost. {@link #close()} closes what it opened. Not
 * thread-safe.
 */
public final class DatabaseMigration implements AutoCloseable {

  private final MigrationSpec spec;
  private final String label;
  private final SchemaWork schema;
  private final List<SourceTable> tables;
  private final MigrationConnectors connectors;
  private final LagProbe lag;
  private final WatchSession target;
  private final WatchSession source;
  private final TableProgressProbe progress;
  private final SlotProbe slot;
  private final OutageProbe outages;
  private final Optional<DdlCapture> capture;
  private final Optional<WaitingTables> waiting;
  private final KeysToBuild keys;

  private DatabaseMigration(
      MigrationSpec spec,
      String label,
      SchemaWork schema,
      List<SourceTable> tables,
      MigrationConnectors connectors,
      LagProbe lag,
      WatchSession target,
      WatchSession source,
      TableProgressProbe progress,
      SlotProbe slot,
      OutageProbe outages,
      Optional<DdlCapture> capture) {
    this.spec = spec;
    this.label = label;
    this.schema = schema;
    this.tables = List.copyOf(tables);
    this.connectors = connectors;
    this.lag = lag;
    this.target = target;
    this.source = source;
    this.progress = progress;
    this.slot = slot;
    this.outages = outages;
    this.capture = capture;
    this.waiting = capture.map(c -> new WaitingTables(spec, c, source));
    this.keys = new KeysToBuild(spec, target);
  }

  /**
   * Opens a database's probes on a running Connect cluster; nothing connects to the target yet.
   *
   * @param label what the database's tables are shown under, empty in a single-database run
   * @param sourceRows the run's row estimates by table display name
   * @param wal the retained WAL thresholds of the slot probe
   * @param logs where a connector's failure is explained, named in failure messages
   * @param capture the database's DDL capture, when the run captures DDL
   * @param snapshotBytesPerSecond the full load's read rate, 0 for no limit
   */
  public static DatabaseMigration open(
      MigrationSpec spec,
      SchemaWork schema,
      List<SourceTable> tables,
      String label,
      Map<String, Long> sourceRows,
      MigrationRuntime runtime,
      WalThresholds wal,
      String logs,
      Optional<DdlCapture> capture,
      long snapshotBytesPerSecond) {
    return open(
        spec,
        schema,
        tables,
        label,
        sourceRows,
        runtime,
        runtime.secrets(),
        wal,
        logs,
        capture,
        snapshotBytesPerSecond);
  }

  /**
   * Opens a database's probes as {@link #open(MigrationSpec, SchemaWork, List, String, Map,
   * MigrationRuntime, WalThresholds, String, Optional, long)} does, its connectors reading their
   * secrets from {@code secrets} (the reverse direction's are not the run's).
   */
  public static DatabaseMigration open(
      MigrationSpec spec,
      SchemaWork schema,
      List<SourceTable> tables,
      String label,
      Map<String, Long> sourceRows,
      MigrationRuntime runtime,
      ConnectorSecrets secrets,
      WalThresholds wal,
      String logs,
      Optional<DdlCapture> capture,
      long snapshotBytesPerSecond) {
    LagProbe lag = new LagProbe(spec, runtime.kafkaClient());
    WatchSession target = new WatchSession(spec.target(), "target");
    WatchSession source = new WatchSession(spec.source(), "source");
    return new DatabaseMigration(
        spec,
        label,
        schema,
        tables,
        new MigrationConnectors(
            spec, runtime.connect(), secrets, logs, capture, snapshotBytesPerSecond),
        lag,
        target,
        source,
        new TableProgressProbe(spec, tables, sourceRows, label),
        new SlotProbe(spec, wal, source),
        new OutageProbe(spec, target),
        capture);
  }

  public MigrationSpec spec() {
    return spec;
  }

  /** What the database's tables and outages are shown under, empty in a single-database run. */
  public String label() {
    return label;
  }

  SchemaWork schema() {
    return schema;
  }

  /** The tables whose rows are migrated, as the source's catalog describes them. */
  public List<SourceTable> tables() {
    return tables;
  }

  /** Whether the database has tables to load and stream; one without has no connectors. */
  boolean hasTables() {
    return !tables.isEmpty();
  }

  /** The database's DDL capture, when the run captures DDL. */
  Optional<DdlCapture> capture() {
    return capture;
  }

  /**
   * The tables created while streaming that wait for a replica identity, one line each with the
   * fix; none without DDL capture.
   */
  public List<String> waitingTables() throws SQLException {
    return waiting.isPresent() ? waiting.get().lines() : List.of();
  }

  /** The tables whose keys the sink has yet to build after their rows. */
  KeysToBuild keysToBuild() {
    return keys;
  }

  /** Installs the DDL capture on the source, before the slot exists; idempotent. */
  void installCapture() throws SQLException {
    if (capture.isPresent()) {
      try (Connection source = Connections.open(spec.source(), "source")) {
        capture.get().install(source);
      }
    }
  }

  public MigrationConnectors connectors() {
    return connectors;
  }

  public LagProbe lag() {
    return lag;
  }

  /** The session on the target database, connected on first use (pre-data may create it). */
  public WatchSession target() {
    return target;
  }

  public TableProgressProbe progress() {
    return progress;
  }

  public SlotProbe slot() {
    return slot;
  }

  public OutageProbe outages() {
    return outages;
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
   * publication and removes the DDL capture ({@link MigrationCleanup#endReplication}), so nothing
   * can later overwrite the target. A publication that another role owns is left, and the line says
   * how its owner drops it. Idempotent.
   *
   * @return what was done, one line
   */
  String endReplication() throws SQLException, InterruptedException {
    connectors.delete();
    MigrationCleanup.Ended ended;
    try (Connection source = Connections.open(spec.source(), "source")) {
      ended =
          new MigrationCleanup(spec.migrationName(), spec.positionTable()).endReplication(source);
    }
    String done =
        "connectors deleted, "
            + (capture.isPresent() ? "DDL capture removed, " : "")
            + "slot "
            + spec.slotName();
    return ended.publicationKept()
        ? done + " dropped; " + ended.publication()
        : done + " and publication dropped";
  }

  @Override
  public void close() {
    outages.close();
    source.close();
    target.close();
    lag.close();
  }
}
