package io.pgcarry.source.snapshot;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.SqlResource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The source catalog queries of the full load and of the slot, one {@code .sql} file each. */
public final class SourceCatalog {

  private SourceCatalog() {}

  /**
   * A table as the catalog lists it, before the connector's table and column filters.
   *
   * @param columns the columns COPY reads, in order
   * @param replicaIdentity {@code d} (primary key), {@code i} (index), {@code f} (full) or {@code
   *     n}
   * @param identityColumns the columns of the replica identity's key; empty for full and nothing
   * @param keyColumn the primary key's column when the key is one integer column
   */
  public record CatalogTable(
      TableId id,
      long blocks,
      List<String> columns,
      char replicaIdentity,
      List<String> identityColumns,
      Optional<String> keyColumn) {

    public CatalogTable {
      columns = List.copyOf(columns);
      identityColumns = List.copyOf(identityColumns);
    }
  }

  /**
   * The state of a replication slot.
   *
   * @param active whether a process streams from it
   * @param confirmedFlush its confirmed position, or null
   * @param lost whether the source invalidated it, having removed WAL it still needed
   */
  public record SlotState(boolean active, Lsn confirmedFlush, boolean lost) {}

  /** Every table holding rows of its own, largest first. */
  public static List<CatalogTable> tables(Connection connection) throws SQLException {
    List<CatalogTable> tables = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(SqlResource.load(SourceCatalog.class, "tables.sql").text())) {
      while (rs.next()) {
        tables.add(
            new CatalogTable(
                new TableId(rs.getString("schema_name"), rs.getString("table_name")),
                rs.getLong("blocks"),
                names(rs.getArray("columns")),
                rs.getString("replica_identity").charAt(0),
                names(rs.getArray("identity_columns")),
                Optional.ofNullable(rs.getString("key_column"))));
      }
    }
    return tables;
  }

  private static List<String> names(Array array) throws SQLException {
    return Arrays.asList((String[]) array.getArray());
  }

  /** The slot of the current database of that name, if it exists. */
  public static Optional<SlotState> slot(Connection connection, String slot) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(SqlResource.load(SourceCatalog.class, "slot.sql").text())) {
      ps.setString(1, slot);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String flushed = rs.getString("confirmed_flush_lsn");
        return Optional.of(
            new SlotState(
                rs.getBoolean("active"),
                flushed == null ? null : Lsn.parse(flushed),
                rs.getBoolean("lost")));
      }
    }
  }

  /** Connection slots still free for ordinary roles. */
  public static int freeConnections(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                SqlResource.load(SourceCatalog.class, "free-connections.sql").text())) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Drops a slot that no process uses. */
  public static void dropSlot(Connection connection, String slot) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            SqlResource.load(SourceCatalog.class, "drop-slot.sql").text())) {
      ps.setString(1, slot);
      ps.execute();
    }
  }
}
