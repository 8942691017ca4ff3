package io.pgcarry.migrate.verify;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.common.sql.SqlStates;
import io.pgcarry.common.stream.ChunkMarker;
import io.pgcarry.common.stream.SchemaChanges;
import io.pgcarry.common.verify.RowChecksum;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * Checks one chunk on the source and writes its marker into the change stream, in one short
 * transaction:
 *
 * <ol>
 *   <li>{@code LOCK TABLE ONLY t IN SHARE MODE}, waiting at most {@code lock_timeout}. {@code
 *       SHARE} conflicts with the {@code ROW EXCLUSIVE} lock every {@code INSERT}, {@code UPDATE}
 *       and {@code DELETE} holds to its transaction's end, so once it is granted no transaction
 *       that wrote the table is still open, and none can write it until this one ends;
 *   <li>the chunk's count and checksum ({@link RowChecksum}), in a statement whose snapshot, in
 *       {@code READ COMMITTED}, is taken after the lock was granted: it sees every transaction that
 *       wrote the table, all of which committed before this one will;
 *   <li>{@code pg_logical_emit_message(true, …)}, a transactional message, which logical decoding
 *       delivers at this transaction's commit, after every transaction that committed before it;
 *   <li>commit, which releases the lock.
 * </ol>
 *
 * Hence the count and checksum are those of the table after exactly the transactions the change
 * stream carries before the marker: the state the sink's table reaches when it has applied every
 * change before the marker. Writers of the table wait at most the lock timeout and the time of one
 * chunk's read; a lock not granted within {@code lock_timeout} ends the attempt, to be tried again
 * later. Everything set is {@code SET LOCAL}: nothing outlives the transaction. Not thread-safe:
 * one per connection.
 */
final class ChunkEmitter implements ChunkWriter {

  private static final SqlResource EMIT =
      SqlResource.load(ChunkEmitter.class, "emit-chunk-marker.sql");

  private final Connection source;
  private final String prefix;
  private final Duration lockTimeout;

  /**
   * @param source a connection of its own to the source database; made non-autocommit, {@code READ
   *     COMMITTED}
   * @param migration the migration whose stream carries the markers
   * @param lockTimeout how long to wait for the table's lock
   */
  ChunkEmitter(Connection source, String migration, Duration lockTimeout) throws SQLException {
    this.source = source;
    this.prefix = SchemaChanges.verifyPrefix(migration);
    this.lockTimeout = lockTimeout;
    source.setAutoCommit(false);
    source.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
  }

  /** Checks the chunk and writes its marker. */
  @Override
  public Optional<ChunkMarker> write(PlannedChunk chunk) throws SQLException {
    try {
      lock(source, chunk, lockTimeout);
      ChunkMarker marker = chunk.measure(source);
      Lsn lsn = emit(source, prefix, marker.toJson());
      source.commit();
      return Optional.of(marker.at(lsn));
    } catch (SQLException e) {
      source.rollback();
      if (SqlStates.isLockNotAvailable(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Waits at most {@code lockTimeout} for the chunk's table in {@code SHARE} mode, for the rest of
   * the transaction.
   *
   * @throws SQLException with {@code lock_not_available} when it was not granted in time
   */
  static void lock(Connection source, PlannedChunk chunk, Duration lockTimeout)
      throws SQLException {
    try (PreparedStatement timeout =
        source.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
      timeout.setString(1, Math.max(1, lockTimeout.toMillis()) + "ms");
      timeout.execute();
    }
    try (Statement lock = source.createStatement()) {
      lock.execute("LOCK TABLE ONLY " + chunk.table().table().quoted() + " IN SHARE MODE");
    }
  }

  /** Writes a transactional logical message; returns its LSN. */
  static Lsn emit(Connection source, String prefix, byte[] content) throws SQLException {
    try (PreparedStatement emit = source.prepareStatement(EMIT.text())) {
      emit.setString(1, prefix);
      emit.setBytes(2, content);
      try (ResultSet rs = emit.executeQuery()) {
        rs.next();
        return Lsn.parse(rs.getString(1));
      }
    }
  }
}
