package io.pgcarry.sink.apply;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.SqlStates;
import io.pgcarry.common.verify.ChunkResultTable;
import io.pgcarry.common.verify.RowChecksum;
import io.pgcarry.sink.event.ChunkCheck;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.core.BaseConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a chunk of the online verification on the target, at its marker: in the transaction that
 * applies the marker, after every change of its table that came before it, the count and checksum
 * of the chunk's rows ({@link RowChecksum}, the text form fixed for this transaction alone),
 * recorded beside the source's in the verified chunk table ({@link ChunkResultTable}). That
 * transaction also records the partition's position past the marker, so a chunk is compared once: a
 * marker sent again is recognised by its partition's cursor and passes. A repair replaces the
 * chunk's rows first; an inspection of a chunk that differs also names its rows that differ ({@link
 * ChunkInspection}). Stateless apart from its table and migration; thread-safe.
 */
public final class ChunkCheckStep {

  private static final Logger LOG = LoggerFactory.getLogger(ChunkCheckStep.class);

  private final ChunkResultTable results;
  private final String migration;

  /**
   * @param positionTable the applied position table, beside which the results are kept
   * @param migration the migration the results are of
   */
  public ChunkCheckStep(TableId positionTable, String migration) {
    this.results = ChunkResultTable.beside(positionTable);
    this.migration = migration;
  }

  /** Compares the chunk on the target and records both sides, in the caller's transaction. */
  void run(Connection connection, ChunkCheck check) throws SQLException {
    if (check.rows() != null && !check.inspect()) {
      replace(connection, check);
    }
    RowChecksum.setTextForm(connection, true);
    RowChecksum.Result target =
        RowChecksum.compute(
            connection, check.table(), check.columns(), check.key(), check.marker().range());
    List<String> differing =
        check.inspect() && !target.equals(check.marker().source())
            ? ChunkInspection.differingRows(connection, check)
            : check.inspect() ? List.of() : null;
    results.create(connection);
    results.write(connection, migration, check.marker(), check.table(), target, differing);
    if (target.equals(check.marker().source())) {
      LOG.debug("Chunk {} of run {} matches", check.marker().describe(), check.marker().run());
    } else {
      LOG.warn(
          "Chunk {} of online verification {} differs on the target {} at source LSN {}: {} rows"
              + " there, {} on the source",
          check.marker().describe(),
          check.marker().run(),
          check.table().quoted(),
          check.marker().lsn(),
          target.rows(),
          check.marker().source().rows());
      if (differing != null) {
        LOG.warn(
            "Rows of chunk {} that differ{}: {}",
            check.marker().describe(),
            check.key() == null ? "" : " (" + check.key() + ")",
            differing);
      }
    }
  }

  /**
   * Replaces the chunk's rows on the target by the source's: the one statement of each kind that
   * repairs a chunk. The rows COPY reports must be the marker's count.
   */
  private static void replace(Connection connection, ChunkCheck check) throws SQLException {
    String table = check.table().quoted();
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM ONLY "
                + table
                + " AS t WHERE "
                + check.marker().range().condition("t", check.key()))) {
      check.marker().range().bind(delete, 1);
      delete.executeUpdate();
    }
    String columns =
        check.columns().stream().map(Identifier::quote).collect(Collectors.joining(", "));
    long copied;
    try {
      copied =
          connection
              .unwrap(BaseConnection.class)
              .getCopyAPI()
              .copyIn(
                  "COPY " + table + " (" + columns + ") FROM STDIN",
                  new ByteArrayInputStream(check.rows()));
    } catch (IOException e) {
      throw new SQLException("COPY failed: " + e.getMessage(), SqlStates.CONNECTION_FAILURE, e);
    }
    if (copied != check.marker().source().rows()) {
      throw new SQLException(
          "the repair of "
              + describe(check)
              + " copied "
              + copied
              + " rows, its marker says "
              + check.marker().source().rows());
    }
    LOG.info("Replaced {} on the target by its {} rows on the source", describe(check), copied);
  }

  /** For messages: the chunk and where its marker was read. */
  static String describe(ChunkCheck check) {
    return "chunk "
        + check.marker().chunk()
        + " of online verification "
        + check.marker().run()
        + ", "
        + check.marker().describe()
        + " (topic "
        + check.record().topic()
        + ", partition "
        + check.record().partition()
        + ", offset "
        + check.record().offset()
        + ")";
  }
}
