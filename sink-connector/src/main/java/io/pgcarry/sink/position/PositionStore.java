package io.pgcarry.sink.position;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.sink.event.StreamMark;
import io.pgcarry.sink.event.StreamOrder;
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
 * The applied position table on the target: one row per (migration, topic, partition) saying which
 * offset comes next and which source LSN and commit time were applied last. Written in the same
 * transaction as the changes, so the data and the position never disagree; the migration driver
 * reads it for lag and for the cutover gate. Stateless apart from its table name; thread-safe.
 */
public final class PositionStore {

  private final TableId table;
  private final String migration;

  public PositionStore(TableId table, String migration) {
    this.table = table;
    this.migration = migration;
  }

  /** Creates the table (and its schema) when missing. Commits. */
  public void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE SCHEMA IF NOT EXISTS " + io.pgcarry.common.sql.Identifier.quote(table.schema()));
      statement.execute(
          "CREATE TABLE IF NOT EXISTS "
              + table.quoted()
              + " (migration text NOT NULL, topic text NOT NULL, partition integer NOT NULL,"
              + " next_offset bigint NOT NULL, source_lsn pg_lsn, source_commit_ts timestamptz,"
              + " applied_at timestamptz NOT NULL,"
              + " PRIMARY KEY (migration, topic, partition))");
      // The stream order of the last streamed change applied, which tells replays apart.
      statement.execute(
          "ALTER TABLE "
              + table.quoted()
              + " ADD COLUMN IF NOT EXISTS stream_last_commit pg_lsn,"
              + " ADD COLUMN IF NOT EXISTS stream_lsn pg_lsn,"
              + " ADD COLUMN IF NOT EXISTS stream_count integer,"
              + " ADD COLUMN IF NOT EXISTS stream_txid bigint");
    }
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
  }

  /** The stored positions of this migration. */
  public List<AppliedPosition> read(Connection connection) throws SQLException {
    List<AppliedPosition> positions = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT topic, partition, next_offset, source_lsn::text,"
                + " (extract(epoch FROM source_commit_ts) * 1000)::bigint,"
                + " stream_last_commit::text, stream_lsn::text, stream_count, stream_txid FROM "
                + table.quoted()
                + " WHERE migration = ?")) {
      statement.setString(1, migration);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String lsn = rs.getString(4);
          long commit = rs.getLong(5);
          Long commitMillis = rs.wasNull() ? null : commit;
          String streamCommit = rs.getString(6);
          String streamLsn = rs.getString(7);
          positions.add(
              new AppliedPosition(
                  rs.getString(1),
                  rs.getInt(2),
                  rs.getLong(3),
                  lsn == null ? null : Lsn.parse(lsn),
                  commitMillis,
                  streamLsn == null
                      ? null
                      : new StreamMark(
                          new StreamOrder(
                              Lsn.parse(streamCommit), Lsn.parse(streamLsn), rs.getLong(9)),
                          rs.getInt(8))));
        }
      }
    }
    return positions;
  }

  /**
   * Records positions inside the caller's transaction. A missing LSN or commit time keeps the
   * stored one, so heartbeats advance the offset without losing the last applied LSN.
   */
  public void write(Connection connection, Collection<AppliedPosition> positions)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO "
                + table.quoted()
                + " AS p (migration, topic, partition, next_offset, source_lsn, source_commit_ts,"
                + " applied_at, stream_last_commit, stream_lsn, stream_count, stream_txid)"
                + " VALUES (?, ?, ?, ?, CAST(? AS pg_lsn), ?, clock_timestamp(), CAST(? AS pg_lsn),"
                + " CAST(? AS pg_lsn), ?, ?)"
                + " ON CONFLICT (migration, topic, partition) DO UPDATE SET"
                + " next_offset = EXCLUDED.next_offset,"
                + " source_lsn = coalesce(EXCLUDED.source_lsn, p.source_lsn),"
                + " source_commit_ts = coalesce(EXCLUDED.source_commit_ts, p.source_commit_ts),"
                + " applied_at = EXCLUDED.applied_at,"
                + " stream_last_commit = coalesce(EXCLUDED.stream_last_commit,"
                + " p.stream_last_commit),"
                + " stream_lsn = coalesce(EXCLUDED.stream_lsn, p.stream_lsn),"
                + " stream_count = coalesce(EXCLUDED.stream_count, p.stream_count),"
                + " stream_txid = coalesce(EXCLUDED.stream_txid, p.stream_txid)")) {
      for (AppliedPosition position : positions) {
        statement.setString(1, migration);
        statement.setString(2, position.topic());
        statement.setInt(3, position.partition());
        statement.setLong(4, position.nextOffset());
        statement.setString(
            5, position.sourceLsn() == null ? null : position.sourceLsn().toString());
        if (position.sourceCommitMillis() == null) {
          statement.setNull(6, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
          statement.setObject(
              6,
              OffsetDateTime.ofInstant(
                  Instant.ofEpochMilli(position.sourceCommitMillis()), ZoneOffset.UTC));
        }
        StreamMark mark = position.streamMark();
        statement.setString(7, mark == null ? null : mark.order().lastCommit().toString());
        statement.setString(8, mark == null ? null : mark.order().lsn().toString());
        if (mark == null) {
          statement.setNull(9, Types.INTEGER);
          statement.setNull(10, Types.BIGINT);
        } else {
          statement.setInt(9, mark.count());
          statement.setLong(10, mark.order().txId());
        }
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }
}
