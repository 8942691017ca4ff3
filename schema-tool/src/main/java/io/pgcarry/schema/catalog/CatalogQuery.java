package io.pgcarry.schema.catalog;

import io.pgcarry.common.sql.SqlResource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A catalog query kept in a {@code .sql} resource next to this class ({@code catalog/NAME.sql}),
 * run without parameters.
 */
public final class CatalogQuery {

  private CatalogQuery() {}

  /**
   * The text of the named query.
   *
   * @throws IllegalStateException when there is no such file (a packaging bug)
   */
  private static String text(String name) {
    return SqlResource.load(CatalogQuery.class, name + ".sql").text();
  }

  /**
   * Runs the named query and copies out every row.
   *
   * @throws CatalogReadFailure naming the query when the server rejects it
   */
  public static List<CatalogRow> run(Connection connection, String name) {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(text(name))) {
      ResultSetMetaData meta = rs.getMetaData();
      List<CatalogRow> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          Object value = rs.getObject(i);
          if (value instanceof Array array) {
            value = array.getArray();
          }
          values.put(meta.getColumnLabel(i), value);
        }
        rows.add(new CatalogRow(values));
      }
      return rows;
    } catch (SQLException e) {
      throw new CatalogReadFailure("catalog query " + name + " failed: " + e.getMessage(), e);
    }
  }
}
