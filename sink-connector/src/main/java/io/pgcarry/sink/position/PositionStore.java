package io.pgcarry.sink.position;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.common.stream.ChangePosition;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The applied position table on the target: one row per (migration, topic, partition) holding which
 * offset comes next, the source LSN and commit time applied last, the stream position of the last
 * change applied, and the progress of the table's full load. Written in the same transaction as the
 * changes, so the data and the position never disagree; the migration driver reads it for lag,
 * full-load progress and the cutover gate. Stateless apart from its table name; thread-safe.
 */
public final class PositionStore {

  /** Columns added after the table's first version, created on tables made before them. */
  private static final List<String> ADDED_COLUMNS =
      List.of(
          "tx_after pg_lsn",
          "tx_first pg_lsn",
          "tx_seq bigint",
          "snapshot pg_lsn",
          "snapshot_schema text",
          "snapshot_table text",
          "snapshot_rows bigint",
          "snapshot_complete boolean");

  /** Columns of an earlier replay filter, dropped. */
  private static final List<String> DROPPED_COLUMNS =
      List.of("stream_last_commit", "stream_lsn", "stream_count", "stream_txid");

  private static final SqlResource COLUMNS_QUERY =
      SqlResource.load(PositionStore.class, "position-columns.sql");

  private static final String COLUMNS =
      "topic, partition, next_offset, source_lsn, source_commit_ts, tx_after, tx_first, tx_seq,"
          + " snapshot, snapshot_schema, snapshot_table, snapshot_rows, snapshot_complete";

  private final TableId table;
  private final String migration;

  public PositionStore(TableId table, String migration) {
    this.table = table;
    this.migration = migration;
  }

  /** Creates the table (and its schema) when missing, or brings its columns up to date. Commits. */
  public void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA IF NOT EXISTS " + Identifier.quote(table.schema()));
      statement.execute(
          "CREATE TABLE IF NOT EXISTS "
              + table.quoted()
              + " (migration text NOT NULL, topic text NOT NULL, partition integer NOT NULL,"
              + " next_offset bigint NOT NULL, source_lsn pg_lsn, source_commit_ts timestamptz,"
              + " applied_at timestamptz NOT NULL,"
              + " PRIMARY KEY (migration, topic, partition))");
    }
    Set<String> present = columns(connection);
    List<String> changes = new ArrayList<>();
    for (String column : ADDED_COLUMNS) {
      if (!present.contains(column.substring(0, column.indexOf(' ')))) {
        changes.add("ADD COLUMN IF NOT EXISTS " + column);
      }
    }
    for (String column : DROPPED_COLUMNS) {
      if (present.contains(column)) {
        changes.add("DROP COLUMN IF EXISTS " + column);
      }
    }
    // ALTER TABLE locks the table against every reader: only when there is something to change.
    if (!changes.isEmpty()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("ALTER TABLE " + table.quoted() + " " + String.join(", ", changes));
      }
    }
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
  }

  private Set<String> columns(Connection connection) throws SQLException {
    Set<String> columns = new HashSet<>();
    try (PreparedStatement statement = connection.prepareStatement(COLUMNS_QUERY.text())) {
      statement.setString(1, table.quoted());
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
    return columns;
  }

  /** The stored positions of this migration. */
  public List<AppliedPosition> read(Connection connection) throws SQLException {
    List<AppliedPosition> positions = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT topic, partition, next_offset, source_lsn::text,"
                + " (extract(epoch FROM source_commit_ts) * 1000)::bigint, tx_after::text,"
                + " tx_first::text, tx_seq, snapshot::text, snapshot_schema, snapshot_table,"
                + " snapshot_rows, snapshot_complete FROM "
                + table.quoted()
                + " WHERE migration = ?")) {
      statement.setString(1, migration);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          positions.add(position(rs));
        }
      }
    }
    return positions;
  }

  private static AppliedPosition position(ResultSet rs) throws SQLException {
    String lsn = rs.getString(4);
    long commit = rs.getLong(5);
    Long commitMillis = rs.wasNull() ? null : commit;
    ChangePosition change = ChangePosition.of(rs.getString(6), rs.getString(7), rs.getString(8));
    String snapshot = rs.getString(9);
    SnapshotProgress progress =
        snapshot == null
            ? null
            : new SnapshotProgress(
                Lsn.parse(snapshot),
                new TableId(rs.getString(10), rs.getString(11)),
                rs.getLong(12),
                rs.getBoolean(13));
    return new AppliedPosition(
        rs.getString(1),
        rs.getInt(2),
        rs.getLong(3),
        lsn == null ? null : Lsn.parse(lsn),
        commitMillis,
        change,
        progress);
  }

  /** Records positions, every column as given, inside the caller's transaction. */
  public void write(Connection connection, Collection<AppliedPosition> positions)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO "
                + table.quoted()
                + " AS p (migration, applied_at, "
                + COLUMNS
                + ") VALUES (?, clock_timestamp(), ?, ?, ?, CAST(? AS pg_lsn), ?,"
                + " CAST(? AS pg_lsn), CAST(? AS pg_lsn), ?, CAST(? AS pg_lsn), ?, ?, ?, ?)"
                + " ON CONFLICT (migration, topic, partition) DO UPDATE SET"
                + " applied_at = EXCLUDED.applied_at, next_offset = EXCLUDED.next_offset,"
                + " source_lsn = EXCLUDED.source_lsn,"
                + " source_commit_ts = EXCLUDED.source_commit_ts,"
                + " tx_after = EXCLUDED.tx_after, tx_first = EXCLUDED.tx_first,"
                + " tx_seq = EXCLUDED.tx_seq, snapshot = EXCLUDED.snapshot,"
                + " snapshot_schema = EXCLUDED.snapshot_schema,"
                + " snapshot_table = EXCLUDED.snapshot_table,"
                + " snapshot_rows = EXCLUDED.snapshot_rows,"
                + " snapshot_complete = EXCLUDED.snapshot_complete")) {
      for (AppliedPosition position : positions) {
        bind(statement, position);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  private void bind(PreparedStatement statement, AppliedPosition position) throws SQLException {
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
    SnapshotProgress snapshot = position.snapshot();
    statement.setString(10, snapshot == null ? null : snapshot.snapshot().toString());
    statement.setString(11, snapshot == null ? null : snapshot.table().schema());
    statement.setString(12, snapshot == null ? null : snapshot.table().table());
    setLong(statement, 13, snapshot == null ? null : snapshot.rows());
    if (snapshot == null) {
      statement.setNull(14, Types.BOOLEAN);
    } else {
      statement.setBoolean(14, snapshot.complete());
    }
  }

  /**
   * Forgets where a partition was, inside the caller's transaction: the sink then starts it from
   * the offset Kafka gives and applies everything from there.
   */
  public void forget(Connection connection, String topic, int partition) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "DELETE FROM "
                + table.quoted()
                + " WHERE migration = ? AND topic = ? AND partition = ?")) {
      statement.setString(1, migration);
      statement.setString(2, topic);
      statement.setInt(3, partition);
      statement.executeUpdate();
    }
  }

  /** Whether the table exists, so that reading it makes sense. */
  public boolean exists(Connection connection) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      statement.setString(1, table.quoted());
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static void setLong(PreparedStatement statement, int index, Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  private static String text(Lsn lsn) {
    return lsn == null ? null : lsn.toString();
  }
}
