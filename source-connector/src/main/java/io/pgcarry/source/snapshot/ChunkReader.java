package io.pgcarry.source.snapshot;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postgresql.copy.CopyOut;
import org.postgresql.core.BaseConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's connection to the source, inside a read-only transaction that imported the exported
 * snapshot, reading chunks with COPY. A chunk is read whole before any of it is handed on, so a
 * chunk that fails half-way can be read again from the start by another reader. Not thread-safe:
 * one per worker thread.
 */
final class ChunkReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChunkReader.class);

  /** Rows of a chunk cut into record payloads. */
  record ChunkData(Chunk chunk, List<Payload> payloads) {
    long rows() {
      return payloads.stream().mapToLong(Payload::rows).sum();
    }

    long bytes() {
      return payloads.stream().mapToLong(p -> p.bytes().length).sum();
    }
  }

  /** Complete rows of COPY text, and how many. */
  record Payload(byte[] bytes, int rows) {}

  private final Connection connection;

  /** Bytes read between two asks of the throttle. */
  private static final int THROTTLE_STEP = 64 << 10;

  private final int recordBytes;
  private final ReadThrottle throttle;

  /**
   * Connects and imports the snapshot.
   *
   * @param recordBytes the most COPY bytes in one payload (a single larger row gets one of its own)
   * @param throttle the full load's rate, shared by its readers
   */
  ChunkReader(PgUri source, String snapshotName, int recordBytes, ReadThrottle throttle)
      throws SQLException {
    this.recordBytes = recordBytes;
    this.throttle = throttle;
    this.connection = Connections.open(source, "source");
    try (Statement statement = connection.createStatement()) {
      // A full load of a large table takes long; the role's or database's timeouts must not end it.
      statement.execute("SET statement_timeout = 0");
      statement.execute("SET idle_in_transaction_session_timeout = 0");
      statement.execute("SET client_encoding = 'UTF8'");
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      connection.setReadOnly(true);
      // https://www.postgresql.org/docs/current/sql-set-transaction.html: the first statement of
      // the transaction, so the transaction sees exactly what the slot's snapshot saw.
      statement.execute("SET TRANSACTION SNAPSHOT '" + snapshotName.replace("'", "''") + "'");
    } catch (SQLException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The tables as the snapshot sees them. */
  List<SourceCatalog.CatalogTable> tables() throws SQLException {
    return SourceCatalog.tables(connection);
  }

  /** The smallest and largest value of a table's integer key, empty for an empty table. */
  Optional<SnapshotTable.KeyRange> keyRange(TableId table, String column) throws SQLException {
    String key = Identifier.quote(column);
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT min(" + key + "), max(" + key + ") FROM ONLY " + table.quoted())) {
      rs.next();
      long min = rs.getLong(1);
      if (rs.wasNull()) {
        return Optional.empty();
      }
      return Optional.of(new SnapshotTable.KeyRange(column, min, rs.getLong(2)));
    }
  }

  /** Reads one chunk. */
  ChunkData read(Chunk chunk) throws SQLException {
    List<Payload> payloads = new ArrayList<>();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(Math.min(recordBytes, 1 << 20));
    int rows = 0;
    long unthrottled = 0;
    CopyOut copy = connection.unwrap(BaseConnection.class).getCopyAPI().copyOut(chunk.copySql());
    try {
      byte[] row;
      while ((row = copy.readFromCopy()) != null) {
        if (rows > 0 && buffer.size() + row.length > recordBytes) {
          payloads.add(new Payload(buffer.toByteArray(), rows));
          buffer.reset();
          rows = 0;
        }
        buffer.write(row, 0, row.length);
        rows++;
        unthrottled += row.length;
        if (unthrottled >= THROTTLE_STEP) {
          throttle.acquire(unthrottled);
          unthrottled = 0;
        }
      }
      throttle.acquire(unthrottled);
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
    if (rows > 0) {
      payloads.add(new Payload(buffer.toByteArray(), rows));
    }
    LOG.debug("Read {}: {} records", chunk.describe(), payloads.size());
    return new ChunkData(chunk, payloads);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debug("Closing a snapshot connection failed", e);
    }
  }
}
