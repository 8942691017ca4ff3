package io.pgcarry.source.snapshot;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.SqlStates;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
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

  /** Tables locked in one statement at most. */
  private static final int LOCK_BATCH = 500;

  /** The blocks a key sample reads at least (the whole table when it is smaller) and at most. */
  private static final long SAMPLE_BLOCKS_MIN = 64;

  private static final long SAMPLE_BLOCKS_MAX = 10_000;

  private final int recordBytes;
  private final ReadThrottle throttle;
  private final Set<TableId> locked = new HashSet<>();

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

  /**
   * Takes {@code ACCESS SHARE} locks on the tables, without waiting, for the rest of this reader's
   * transaction: no command can then rewrite them under the snapshot (a rewritten table looks empty
   * to an older snapshot), and a command that needs a stronger lock waits until the load ends.
   *
   * @throws SQLException with SQL state 55P03 when a table is locked by another session
   */
  void lockShared(List<TableId> tables) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (int i = 0; i < tables.size(); i += LOCK_BATCH) {
        List<TableId> batch = tables.subList(i, Math.min(tables.size(), i + LOCK_BATCH));
        statement.execute(
            "LOCK TABLE "
                + batch.stream().map(t -> "ONLY " + t.quoted()).collect(Collectors.joining(", "))
                + " IN ACCESS SHARE MODE NOWAIT");
        locked.addAll(batch);
      }
    }
  }

  /**
   * The tables that were rewritten (by {@code ALTER TABLE}, say) after the snapshot was taken and
   * before this reader locked them: the snapshot sees them empty. The snapshot's {@code pg_class}
   * has the file the table had then; {@code pg_relation_filenode} the one it has now.
   */
  List<String> rewrittenSinceSnapshot(List<TableId> tables) throws SQLException {
    List<String> rewritten = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT c.oid::regclass::text FROM pg_class c"
                + " WHERE c.oid = ANY (?::regclass[]) AND c.relfilenode <> 0"
                + " AND pg_relation_filenode(c.oid) IS DISTINCT FROM c.relfilenode")) {
      statement.setArray(
          1,
          connection.createArrayOf(
              "text", tables.stream().map(TableId::quoted).toArray(String[]::new)));
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          rewritten.add(rs.getString(1));
        }
      }
    }
    return rewritten;
  }

  /**
   * Takes an {@code ACCESS SHARE} lock on a table unless this transaction holds one, without
   * waiting: a session waiting for a stronger lock on it (a DDL command) would make this reader
   * wait behind it, while the command waits for the load's locks to go, and neither ever would.
   *
   * @return whether this transaction holds the lock now
   */
  boolean tryLockShared(TableId table) throws SQLException {
    if (locked.contains(table)) {
      return true;
    }
    Savepoint savepoint = connection.setSavepoint();
    try (Statement statement = connection.createStatement()) {
      statement.execute("LOCK TABLE ONLY " + table.quoted() + " IN ACCESS SHARE MODE NOWAIT");
    } catch (SQLException e) {
      if (!SqlStates.isLockNotAvailable(e)) {
        throw e;
      }
      connection.rollback(savepoint);
      return false;
    }
    connection.releaseSavepoint(savepoint);
    locked.add(table);
    return true;
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

  /**
   * Bounds that cut a table's key column into about {@code chunks} ranges of as many rows each:
   * quantiles of the column in a sample of the table's blocks ({@code TABLESAMPLE SYSTEM}, at most
   * {@value #SAMPLE_BLOCKS_MAX} blocks), distinct, in the column's order, as SQL literals. Empty
   * when the sample holds no row. The bounds need not be exact: they only decide how even the
   * chunks are, while the ranges between them hold every row once whatever they are.
   */
  Optional<SnapshotTable.KeySample> keySample(TableId table, String column, long blocks, int chunks)
      throws SQLException {
    long sampleBlocks =
        Math.min(blocks, Math.min(SAMPLE_BLOCKS_MAX, Math.max(SAMPLE_BLOCKS_MIN, chunks * 16L)));
    BigDecimal percent =
        blocks <= sampleBlocks
            ? BigDecimal.valueOf(100)
            : BigDecimal.valueOf(100.0 * sampleBlocks / blocks)
                .round(new MathContext(6))
                .max(new BigDecimal("0.000001"));
    String key = Identifier.quote(column);
    String sql =
        "SELECT percentile_disc(?::float8[]) WITHIN GROUP (ORDER BY "
            + key
            + ")::text[] FROM ONLY "
            + table.quoted()
            + " TABLESAMPLE SYSTEM ("
            + percent.toPlainString()
            + ")";
    Double[] fractions = new Double[chunks - 1];
    for (int i = 1; i < chunks; i++) {
      fractions[i - 1] = (double) i / chunks;
    }
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setArray(1, connection.createArrayOf("float8", fractions));
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        Array values = rs.getArray(1);
        if (values == null) {
          return Optional.empty();
        }
        List<String> bounds =
            Arrays.stream((String[]) values.getArray())
                .filter(Objects::nonNull)
                .distinct()
                .map(ChunkReader::literal)
                .toList();
        return bounds.isEmpty()
            ? Optional.empty()
            : Optional.of(new SnapshotTable.KeySample(column, bounds));
      }
    }
  }

  /**
   * A value's text as an escape string literal, which reads the same whatever the session's
   * settings.
   */
  static String literal(String text) {
    return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
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
