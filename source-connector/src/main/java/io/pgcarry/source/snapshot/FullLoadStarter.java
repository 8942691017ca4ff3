package io.pgcarry.source.snapshot;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.ReplicationSlot;
import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares and starts a full load, in the order that loses no change: the publication with every
 * selected table first, then the slot with its exported snapshot, then the tables' sizes and
 * columns as the snapshot sees them, then the chunks and the workers. A slot of the same name that
 * no process uses is left over from a full load that did not finish; it is dropped, because the
 * snapshot it exported is gone. Stateless.
 */
public final class FullLoadStarter {

  private static final Logger LOG = LoggerFactory.getLogger(FullLoadStarter.class);

  /**
   * What to read and how.
   *
   * @param source the source database
   * @param slot the replication slot's name
   * @param publication the publication's name
   * @param tables which tables the connector captures
   * @param columns which columns of a table it captures
   * @param topics the change topic of a table
   * @param workers parallel readers, or 0 to choose from the source's free connections
   * @param chunkBytes target heap bytes per chunk
   * @param recordBytes most COPY bytes per record
   * @param maxBytesPerSecond most COPY bytes read per second over all workers, 0 for no limit
   * @param partition the source partition of the full load's offsets
   */
  public record Settings(
      PgUri source,
      String slot,
      String publication,
      Predicate<TableId> tables,
      BiPredicate<TableId, String> columns,
      Function<TableId, String> topics,
      int workers,
      long chunkBytes,
      int recordBytes,
      long maxBytesPerSecond,
      Map<String, ?> partition) {}

  private FullLoadStarter() {}

  /** Starts the full load; the caller polls and closes it. */
  public static FullLoad start(Settings settings) throws SQLException {
    List<TableId> selected;
    int workers;
    boolean tidRangeScans;
    int blockSize;
    try (Connection admin = Connections.open(settings.source(), "source")) {
      List<SourceCatalog.CatalogTable> catalog =
          SourceCatalog.tables(admin).stream().filter(t -> settings.tables().test(t.id())).toList();
      selected = catalog.stream().map(SourceCatalog.CatalogTable::id).toList();
      if (selected.isEmpty()) {
        throw new ConnectException(
            "No table of the source database matches table.include.list/table.exclude.list");
      }
      Publication.ensure(
          admin,
          settings.publication(),
          catalog.stream().map(t -> published(t, settings.columns())).toList(),
          admin.getMetaData().getDatabaseMajorVersion() >= 15);
      dropLeftoverSlot(admin, settings.slot());
      workers = settings.workers() > 0 ? settings.workers() : autoWorkers(admin);
      tidRangeScans = admin.getMetaData().getDatabaseMajorVersion() >= 14;
      blockSize = blockSize(admin);
    }
    ExportedSnapshot snapshot = ExportedSnapshot.create(settings.source(), settings.slot());
    ReadThrottle throttle =
        settings.maxBytesPerSecond() > 0
            ? new ReadThrottle(settings.maxBytesPerSecond())
            : ReadThrottle.NONE;
    ChunkReader guard = null;
    try {
      ChunkWorkers.ReaderFactory readers =
          () ->
              new ChunkReader(
                  settings.source(), snapshot.snapshotName(), settings.recordBytes(), throttle);
      guard = readers.open();
      lockTables(guard, selected);
      ChunkPlanner planner =
          new ChunkPlanner(Math.max(1, settings.chunkBytes() / blockSize), tidRangeScans);
      List<SnapshotTable> tables = snapshotTables(settings, selected, guard, planner);
      List<Chunk> chunks = planner.plan(tables);
      int count = Math.max(1, Math.min(workers, chunks.size()));
      LOG.info(
          "Full load of {} tables in {} chunks with {} workers from snapshot {}",
          tables.size(),
          chunks.size(),
          count,
          snapshot.consistentPoint());
      FullLoadRecords records =
          new FullLoadRecords(settings.partition(), snapshot.consistentPoint());
      long buffer = Math.max(64L << 20, 2L * count * settings.recordBytes());
      return FullLoad.start(snapshot, records, chunks, readers, guard, count, buffer);
    } catch (SQLException | RuntimeException e) {
      if (guard != null) {
        guard.close();
      }
      snapshot.close();
      throw e;
    }
  }

  /**
   * A table as the publication publishes it: with a column list when the connector reads only some
   * of its columns and the list keeps its replica identity. PostgreSQL refuses UPDATE and DELETE on
   * a table whose published columns miss part of its replica identity, and with REPLICA IDENTITY
   * FULL every column is, so such a table is published whole and the columns are dropped by the
   * connector.
   */
  static Publication.Table published(
      SourceCatalog.CatalogTable table, BiPredicate<TableId, String> filter) {
    List<String> kept = table.columns().stream().filter(c -> filter.test(table.id(), c)).toList();
    boolean keyed = table.replicaIdentity() == 'd' || table.replicaIdentity() == 'i';
    if (kept.size() == table.columns().size()
        || !keyed
        || table.identityColumns().isEmpty()
        || !kept.containsAll(table.identityColumns())) {
      return new Publication.Table(table.id(), Optional.empty());
    }
    return new Publication.Table(table.id(), Optional.of(kept));
  }

  /**
   * The selected tables as the snapshot sees them; a table dropped meanwhile is left out. A table
   * that the planner cuts by key ranges gets its key's range or sample, read in the snapshot.
   */
  private static List<SnapshotTable> snapshotTables(
      Settings settings, List<TableId> selected, ChunkReader reader, ChunkPlanner planner)
      throws SQLException {
    Set<TableId> wanted = Set.copyOf(selected);
    List<SnapshotTable> tables = new ArrayList<>();
    for (SourceCatalog.CatalogTable table : reader.tables()) {
      if (!wanted.contains(table.id())) {
        continue;
      }
      List<String> columns =
          table.columns().stream()
              .filter(column -> settings.columns().test(table.id(), column))
              .collect(Collectors.toList());
      Optional<SnapshotTable.KeyCut> keys = Optional.empty();
      if (table.keyColumn().isPresent() && planner.cutsByKey(table.blocks())) {
        String column = table.keyColumn().get();
        keys =
            table.keyInteger()
                ? reader.keyRange(table.id(), column).map(SnapshotTable.KeyCut.class::cast)
                : reader
                    .keySample(
                        table.id(), column, table.blocks(), planner.chunksFor(table.blocks()))
                    .map(SnapshotTable.KeyCut.class::cast);
      }
      tables.add(
          new SnapshotTable(
              table.id(), settings.topics().apply(table.id()), columns, table.blocks(), keys));
    }
    return tables;
  }

  /**
   * Locks every table of the load in the guard's transaction, right after the snapshot was taken,
   * as {@code pg_dump} does: a table rewritten under the snapshot would look empty to it. A table
   * locked by another session now, or rewritten in the moment between the snapshot and the lock,
   * makes this attempt fail as transient (55P03): the load starts again from a new snapshot when
   * the other session is done.
   */
  private static void lockTables(ChunkReader guard, List<TableId> selected) throws SQLException {
    Set<TableId> wanted = Set.copyOf(selected);
    // The tables the snapshot has: one dropped before it was taken is left out of the load.
    List<TableId> tables =
        guard.tables().stream()
            .map(SourceCatalog.CatalogTable::id)
            .filter(wanted::contains)
            .toList();
    try {
      guard.lockShared(tables);
    } catch (SQLException e) {
      if (!SqlStates.isLockNotAvailable(e) && !SqlStates.isUndefinedTable(e)) {
        throw e;
      }
      throw new SQLException(
          "The full load cannot lock a table another session holds or dropped, a DDL command"
              + " most likely ("
              + e.getMessage()
              + "); it starts again from a new snapshot when the table is free",
          SqlStates.LOCK_NOT_AVAILABLE,
          e);
    }
    List<String> rewritten = guard.rewrittenSinceSnapshot(tables);
    if (!rewritten.isEmpty()) {
      throw new SQLException(
          "Tables were rewritten after the full load's snapshot was taken ("
              + String.join(", ", rewritten)
              + "); it starts again from a new snapshot",
          SqlStates.LOCK_NOT_AVAILABLE);
    }
  }

  /**
   * Drops the slot of a full load that did not finish. The walsender of a connection that just
   * closed (this task's own, before a restart) may hold it for a moment: that is waited for ({@link
   * ReplicationSlot#awaitRelease}); a slot still in use then is a transient failure, tried again
   * later.
   */
  private static void dropLeftoverSlot(Connection admin, String slot) throws SQLException {
    ReplicationSlot leftover = new ReplicationSlot(slot);
    Optional<ReplicationSlot.State> state;
    try {
      state = leftover.awaitRelease(admin);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("Interrupted waiting for slot " + slot, SqlStates.OBJECT_IN_USE, e);
    }
    if (state.isEmpty()) {
      return;
    }
    if (state.get().active()) {
      throw new SQLException(
          "Replication slot "
              + slot
              + " is in use by another process; the full load starts when it is free",
          SqlStates.OBJECT_IN_USE);
    }
    LOG.warn(
        "Dropping replication slot {} left by a full load that did not finish; the load starts"
            + " again from a new snapshot",
        slot);
    leftover.drop(admin);
  }

  /** Half the free connection slots, at most 4, at least 1. */
  private static int autoWorkers(Connection admin) throws SQLException {
    return Math.max(1, Math.min(4, SourceCatalog.freeConnections(admin) / 2));
  }

  private static int blockSize(Connection admin) throws SQLException {
    try (var statement = admin.createStatement();
        var rs = statement.executeQuery("SHOW block_size")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
