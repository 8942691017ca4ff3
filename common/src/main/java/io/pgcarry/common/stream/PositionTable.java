package io.pgcarry.common.stream;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.Relations;
import io.pgcarry.common.sql.SqlResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The table on the target in which pgcarry's sink stores, per migration, topic and partition, the
 * Kafka offset of the next record to apply, the source position and commit time of the last change
 * applied, its stream position ({@link ChangePosition}), that of the last captured DDL command
 * applied at the partition's copy of it, and the progress of the table's full load ({@link
 * SnapshotProgress}), written in the same transaction as the changes. The sink resumes from it; the
 * tools that run a migration read it to measure lag, latency and full-load progress, and delete a
 * migration's rows from it when they clean up.
 *
 * <p>The one owner of the table: its definition ({@code position-table.sql}, every column with what
 * it holds), its writes and deletes, and the views the tools read, one {@code .sql} file each
 * beside this class. A column is named nowhere else. Connections and transactions are the caller's;
 * immutable and thread-safe.
 */
public final class PositionTable {

  /** Where pgcarry keeps the positions: {@code pgcarry.applied_position}. */
  public static final TableId DEFAULT = new TableId("pgcarry", "applied_position");

  private static final SqlResource DEFINITION = load("position-table.sql");
  private static final SqlResource WRITE = load("write-positions.sql");
  private static final SqlResource READ = load("read-positions.sql");
  private static final SqlResource FORGET_PARTITION = load("forget-partition.sql");
  private static final SqlResource FORGET_MIGRATION = load("forget-migration.sql");
  private static final SqlResource PARTITIONS = load("partition-progress.sql");
  private static final SqlResource FULL_LOADS = load("full-load-progress.sql");

  /**
   * How far the sink has applied one partition, and when, as the tools that watch a migration read
   * it.
   *
   * @param sourceLsn the source LSN of the last change applied, or null
   * @param sourceCommit the source commit time of the last change applied, or null
   * @param appliedAt when the sink last wrote the row
   */
  public record PartitionApplied(
      String topic,
      int partition,
      long nextOffset,
      Lsn sourceLsn,
      Instant sourceCommit,
      Instant appliedAt) {}

  /**
   * The full load of one table as the sink has applied it.
   *
   * @param table the table, by its target name
   * @param rows rows of its snapshot loaded so far
   * @param complete whether the snapshot's end arrived and its total matched
   */
  public record TableLoaded(TableId table, long rows, boolean complete) {}

  private final TableId table;

  /**
   * @param table where the table is, {@link #DEFAULT} unless the sink's {@code position.table} says
   *     otherwise
   */
  public PositionTable(TableId table) {
    this.table = table;
  }

  public TableId table() {
    return table;
  }

  /** Creates the table, and its schema, when missing. Commits. */
  public void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(DEFINITION.format(Identifier.quote(table.schema()), table.quoted()));
    }
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
  }

  /** Whether the table exists, so that reading it makes sense. */
  public boolean exists(Connection connection) throws SQLException {
    return Relations.exists(connection, table);
  }

  /** The stored positions of a migration. */
  public List<AppliedPosition> read(Connection connection, String migration) throws SQLException {
    List<AppliedPosition> positions = new ArrayList<>();
    try (PreparedStatement statement = READ.prepare(connection, table, migration);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        positions.add(position(rs));
      }
    }
    return positions;
  }

  private static AppliedPosition position(ResultSet rs) throws SQLException {
    long commit = rs.getLong(5);
    Long commitMillis = rs.wasNull() ? null : commit;
    ChangePosition change = ChangePosition.of(rs.getString(6), rs.getString(7), rs.getString(8));
    Lsn commandLsn = lsn(rs.getString(11));
    ChangePosition command =
        commandLsn == null
            ? null
            : new ChangePosition(
                Lsn.parse(rs.getString(9)), Lsn.parse(rs.getString(10)), commandLsn.value());
    String snapshot = rs.getString(12);
    SnapshotProgress progress =
        snapshot == null
            ? null
            : new SnapshotProgress(
                Lsn.parse(snapshot),
                new TableId(rs.getString(13), rs.getString(14)),
                rs.getLong(15),
                rs.getBoolean(16));
    return new AppliedPosition(
        rs.getString(1),
        rs.getInt(2),
        rs.getLong(3),
        lsn(rs.getString(4)),
        commitMillis,
        change,
        command,
        progress);
  }

  /** Records positions of a migration, every column as given, inside the caller's transaction. */
  public void write(Connection connection, String migration, Collection<AppliedPosition> positions)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(WRITE.format(table.quoted()))) {
      for (AppliedPosition position : positions) {
        bind(statement, migration, position);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  private static void bind(PreparedStatement statement, String migration, AppliedPosition position)
      throws SQLException {
    statement.setString(1, migration);
    statement.setString(2, position.topic());
    statement.setInt(3, position.partition());
    statement.setLong(4, position.nextOffset());
    statement.setString(5, text(position.sourceLsn()));
    if (position.sourceCommitMillis() == null) {
      statement.setNull(6, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(
          6,
          OffsetDateTime.ofInstant(
              Instant.ofEpochMilli(position.sourceCommitMillis()), ZoneOffset.UTC));
    }
    ChangePosition change = position.change();
    statement.setString(7, change == null ? null : change.after().toString());
    statement.setString(8, change == null ? null : change.first().toString());
    setLong(statement, 9, change == null ? null : change.seq());
    ChangePosition command = position.command();
    statement.setString(10, command == null ? null : command.after().toString());
    statement.setString(11, command == null ? null : command.first().toString());
    statement.setString(12, command == null ? null : new Lsn(command.seq()).toString());
    SnapshotProgress snapshot = position.snapshot();
    statement.setString(13, snapshot == null ? null : snapshot.snapshot().toString());
    statement.setString(14, snapshot == null ? null : snapshot.table().schema());
    statement.setString(15, snapshot == null ? null : snapshot.table().table());
    setLong(statement, 16, snapshot == null ? null : snapshot.rows());
    if (snapshot == null) {
      statement.setNull(17, Types.BOOLEAN);
    } else {
      statement.setBoolean(17, snapshot.complete());
    }
  }

  /**
   * Forgets where a partition of a migration was, inside the caller's transaction: the sink then
   * starts it from the offset Kafka gives and applies everything from there.
   */
  public void forget(Connection connection, String migration, String topic, int partition)
      throws SQLException {
    try (PreparedStatement statement = FORGET_PARTITION.prepare(connection, table, migration)) {
      statement.setString(2, topic);
      statement.setInt(3, partition);
      statement.executeUpdate();
    }
  }

  /** Forgets every position of a migration, inside the caller's transaction. */
  public void forget(Connection connection, String migration) throws SQLException {
    try (PreparedStatement statement = FORGET_MIGRATION.prepare(connection, table, migration)) {
      statement.executeUpdate();
    }
  }

  /** Whether no migration has a position left. */
  public boolean isEmpty(Connection connection) throws SQLException {
    return Relations.isEmpty(connection, table);
  }

  /**
   * Drops the table, and its schema when nothing else is in it: a schema of that name that holds
   * other objects is the application's, and stays.
   *
   * @return whether the schema was dropped too
   */
  public boolean drop(Connection connection) throws SQLException {
    try (Statement drop = connection.createStatement()) {
      drop.execute("DROP TABLE " + table.quoted());
    }
    return Relations.dropSchemaIfEmpty(connection, table.schema());
  }

  /**
   * How far the sink has applied each partition of a migration ({@code partition-progress.sql}).
   */
  public List<PartitionApplied> partitions(Connection connection, String migration)
      throws SQLException {
    List<PartitionApplied> partitions = new ArrayList<>();
    try (PreparedStatement statement = PARTITIONS.prepare(connection, table, migration);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        partitions.add(
            new PartitionApplied(
                rs.getString(1),
                rs.getInt(2),
                rs.getLong(3),
                lsn(rs.getString(4)),
                instant(rs.getObject(5, OffsetDateTime.class)),
                instant(rs.getObject(6, OffsetDateTime.class))));
      }
    }
    return partitions;
  }

  /**
   * The full load of every table of a migration that has received full-load records ({@code
   * full-load-progress.sql}).
   */
  public List<TableLoaded> fullLoads(Connection connection, String migration) throws SQLException {
    List<TableLoaded> tables = new ArrayList<>();
    try (PreparedStatement statement = FULL_LOADS.prepare(connection, table, migration);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        tables.add(
            new TableLoaded(
                new TableId(rs.getString(1), rs.getString(2)), rs.getLong(3), rs.getBoolean(4)));
      }
    }
    return tables;
  }

  private static SqlResource load(String name) {
    return SqlResource.load(PositionTable.class, name);
  }

  private static void setLong(PreparedStatement statement, int index, Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  private static Lsn lsn(String text) {
    return text == null ? null : Lsn.parse(text);
  }

  private static String text(Lsn lsn) {
    return lsn == null ? null : lsn.toString();
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  @Override
  public String toString() {
    return table.toString();
  }
}
