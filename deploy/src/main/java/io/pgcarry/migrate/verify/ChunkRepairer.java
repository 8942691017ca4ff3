package io.pgcarry.migrate.verify;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.SqlStates;
import io.pgcarry.common.stream.ChunkMarker;
import io.pgcarry.common.stream.SchemaChanges;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * Repairs one chunk through the change stream: in one short transaction that holds the chunk's
 * table in {@code SHARE} mode, as {@link ChunkEmitter} does, reads the chunk's rows with {@code
 * COPY}, counts and checksums them, and writes the marker with the rows after it ({@link
 * SchemaChanges#repairPrefix}). The lock makes the rows those of the table at the message's place
 * in the stream, so the sink, replacing the chunk's rows on the target there, makes the target
 * equal to the source at that point; it then compares the chunk, which shows the repair. A chunk
 * whose rows exceed {@link #MAX_BYTES} is refused: a record of the change topics carries at most
 * about that much. The same rows, sent as an inspection ({@link SchemaChanges#inspectPrefix}), let
 * the sink name the rows of the chunk that differ at that point without changing the target. Not
 * thread-safe: one per connection.
 */
final class ChunkRepairer implements ChunkWriter {

  /** The most bytes of COPY text one repair carries: under the producer's 1 MiB per record. */
  static final int MAX_BYTES = 512 * 1024;

  private final Connection source;
  private final String prefix;
  private final Duration lockTimeout;
  private final boolean inspect;

  /**
   * @param source a connection of its own to the source database; made non-autocommit, {@code READ
   *     COMMITTED}
   * @param migration the migration whose stream carries the repairs
   * @param lockTimeout how long to wait for the table's lock
   * @param inspect whether the rows go to the sink to name those that differ ({@link
   *     SchemaChanges#inspectPrefix}) rather than to replace the chunk
   */
  ChunkRepairer(Connection source, String migration, Duration lockTimeout, boolean inspect)
      throws SQLException {
    this.source = source;
    this.inspect = inspect;
    this.prefix =
        inspect ? SchemaChanges.inspectPrefix(migration) : SchemaChanges.repairPrefix(migration);
    this.lockTimeout = lockTimeout;
    source.setAutoCommit(false);
    source.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
  }

  @Override
  public Optional<ChunkMarker> write(PlannedChunk chunk) throws SQLException, Refused {
    try {
      ChunkEmitter.lock(source, chunk, lockTimeout);
      byte[] rows = rows(chunk);
      ChunkMarker marker = chunk.measure(source);
      byte[] json = marker.toJson();
      byte[] content = new byte[json.length + 1 + rows.length];
      System.arraycopy(json, 0, content, 0, json.length);
      content[json.length] = '\n';
      System.arraycopy(rows, 0, content, json.length + 1, rows.length);
      Lsn lsn = ChunkEmitter.emit(source, prefix, content);
      source.commit();
      return Optional.of(marker.at(lsn));
    } catch (SQLException | Refused e) {
      source.rollback();
      if (e instanceof SQLException sql && SqlStates.isLockNotAvailable(sql)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * The chunk's rows in COPY text, the compared columns in their order. COPY takes no parameters:
   * the range's bounds are written as numbers.
   *
   * @throws Refused when they exceed {@link #MAX_BYTES}
   */
  private byte[] rows(PlannedChunk chunk) throws SQLException, Refused {
    String columns =
        chunk.table().columns().stream().map(Identifier::quote).collect(Collectors.joining(", "));
    String copy =
        "COPY (SELECT "
            + columns
            + " FROM ONLY "
            + chunk.table().table().quoted()
            + " AS t WHERE "
            + chunk.range().literalCondition("t", chunk.table().key())
            + ") TO STDOUT";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      source.unwrap(PGConnection.class).getCopyAPI().copyOut(copy, out);
    } catch (IOException e) {
      throw new SQLException("COPY failed: " + e.getMessage(), SqlStates.CONNECTION_FAILURE, e);
    }
    if (out.size() > MAX_BYTES) {
      throw new Refused(
          "its rows take "
              + out.size()
              + " bytes, more than a repair carries ("
              + MAX_BYTES
              + "); verify it with smaller --chunk-rows to "
              + (inspect ? "name the rows that differ" : "repair it"));
    }
    return out.toByteArray();
  }
}
