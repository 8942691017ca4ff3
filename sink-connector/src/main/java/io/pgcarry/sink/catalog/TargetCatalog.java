package io.pgcarry.sink.catalog;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.SqlResource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads target tables from the catalog and remembers them until {@link #forget}. Not thread-safe:
 * one per task, used on the task's thread.
 */
public final class TargetCatalog {

  private static final String COLUMNS = sql("columns.sql");
  private static final String KEYS = sql("keys.sql");
  private static final String UNIQUE_INDEXES = sql("unique-indexes.sql");

  private final Map<TableId, TargetTable> tables = new HashMap<>();

  /**
   * The table, read on first use.
   *
   * @throws MissingTableException when the target has no such table
   */
  public TargetTable table(Connection connection, TableId id) throws SQLException {
    TargetTable table = tables.get(id);
    if (table == null) {
      table = read(connection, id);
      tables.put(id, table);
    }
    return table;
  }

  /** Reads a table again, after DDL on the target added columns the cache does not have. */
  public TargetTable reload(Connection connection, TableId id) throws SQLException {
    tables.remove(id);
    return table(connection, id);
  }

  /** Forgets what was read, so that the next use reads the catalog again (after DDL). */
  public void forget() {
    tables.clear();
  }

  private static TargetTable read(Connection connection, TableId id) throws SQLException {
    List<TargetColumn> columns = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
      statement.setString(1, id.schema());
      statement.setString(2, id.table());
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          columns.add(
              new TargetColumn(
                  rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4)));
        }
      }
    }
    if (columns.isEmpty()) {
      throw new MissingTableException(id);
    }
    List<UniqueIndex> unique = uniqueIndexes(connection, id);
    try (PreparedStatement statement = connection.prepareStatement(KEYS)) {
      statement.setString(1, id.schema());
      statement.setString(2, id.table());
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return new TargetTable(
            id, columns, names(rs.getArray(2)), names(rs.getArray(3)), rs.getBoolean(4), unique);
      }
    }
  }

  private static List<UniqueIndex> uniqueIndexes(Connection connection, TableId id)
      throws SQLException {
    List<UniqueIndex> indexes = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(UNIQUE_INDEXES)) {
      statement.setString(1, id.schema());
      statement.setString(2, id.table());
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          indexes.add(
              new UniqueIndex(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getBoolean(3),
                  rs.getBoolean(4),
                  rs.getBoolean(5),
                  rs.getBoolean(6),
                  names(rs.getArray(7))));
        }
      }
    }
    return indexes;
  }

  private static List<String> names(Array array) throws SQLException {
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }

  private static String sql(String name) {
    return SqlResource.load(TargetCatalog.class, name).text();
  }
}
