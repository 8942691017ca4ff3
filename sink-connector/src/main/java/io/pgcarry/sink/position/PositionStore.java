package io.pgcarry.sink.position;

import io.pgcarry.common.TableId;
import io.pgcarry.common.stream.AppliedPosition;
import io.pgcarry.common.stream.PositionTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * The sink's rows of the applied position table: those of the migration it applies. The table
 * itself, its definition, reads and writes, is {@code common}'s {@link PositionTable}, which the
 * tools that watch a migration read too; this binds it to one migration. Written in the same
 * transaction as the changes, so the data and the position never disagree. Stateless apart from its
 * table and migration; thread-safe.
 */
public final class PositionStore {

  private final PositionTable table;
  private final String migration;

  public PositionStore(TableId table, String migration) {
    this.table = new PositionTable(table);
    this.migration = migration;
  }

  /** Creates the table (and its schema) when missing. Commits. */
  public void create(Connection connection) throws SQLException {
    table.create(connection);
  }

  /** The stored positions of this migration. */
  public List<AppliedPosition> read(Connection connection) throws SQLException {
    return table.read(connection, migration);
  }

  /** Records positions, every column as given, inside the caller's transaction. */
  public void write(Connection connection, Collection<AppliedPosition> positions)
      throws SQLException {
    table.write(connection, migration, positions);
  }

  /**
   * Forgets where a partition was, inside the caller's transaction: the sink then starts it from
   * the offset Kafka gives and applies everything from there.
   */
  public void forget(Connection connection, String topic, int partition) throws SQLException {
    table.forget(connection, migration, topic, partition);
  }

  /** Whether the table exists, so that reading it makes sense. */
  public boolean exists(Connection connection) throws SQLException {
    return table.exists(connection);
  }
}
