package io.pgcarry.source.snapshot;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.SqlResource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The source catalog queries of the full load, one {@code .sql} file each; the slot's are {@code
 * common}'s {@code ReplicationSlot}.
 */
public final class SourceCatalog {

  private SourceCatalog() {}

  /**
   * A table as the catalog lists it, before the connector's table and column filters.
   *
   * @param columns the columns COPY reads, in order
   * @param replicaIdentity {@code d} (primary key), {@code i} (index), {@code f} (full) or {@code
   *     n}
   * @param identityColumns the columns of the replica identity's key; empty for full and nothing
   * @param keyColumn the primary key's first column, empty without a primary key
   * @param keyInteger whether that column is an integer
   */
  public record CatalogTable(
      TableId id,
      long blocks,
      List<String> columns,
      char replicaIdentity,
      List<String> identityColumns,
      Optional<String> keyColumn,
      boolean keyInteger) {

    public CatalogTable {
      columns = List.copyOf(columns);
      identityColumns = List.copyOf(identityColumns);
    }
  }

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
                Optional.ofNullable(rs.getString("key_column")),
                rs.getBoolean("key_integer")));
      }
    }
    return tables;
  }

  private static List<String> names(Array array) throws SQLException {
    return Arrays.asList((String[]) array.getArray());
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
}
