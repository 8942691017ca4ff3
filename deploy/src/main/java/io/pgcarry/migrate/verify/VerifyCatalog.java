package io.pgcarry.migrate.verify;

import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.schema.catalog.SourceTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads what the online verification needs to know of the selected source tables: their columns
 * under the mapping, their integer primary key if any ({@code integer-key.sql}) and its bounds
 * ({@code key-bounds.sql}). Stateless; the connection is the caller's.
 */
final class VerifyCatalog {

  private static final SqlResource INTEGER_KEY =
      SqlResource.load(VerifyCatalog.class, "integer-key.sql");
  private static final SqlResource KEY_BOUNDS =
      SqlResource.load(VerifyCatalog.class, "key-bounds.sql");
  private static final SqlResource PUBLISHED =
      SqlResource.load(VerifyCatalog.class, "published-tables.sql");

  private VerifyCatalog() {}

  /**
   * The selected tables that the publication publishes, in name order: a marker of another table
   * would reach no topic the sink applies.
   */
  static List<TableToVerify> read(
      Connection source, Predicate<TableId> selection, String publication, NameMapping mapping)
      throws SQLException {
    Set<TableId> published = published(source, publication);
    List<TableToVerify> tables = new ArrayList<>();
    for (SourceTable table : SourceTable.list(source, selection.and(published::contains))) {
      List<String> columns = mapping.carried(table.id(), table.columns());
      String key = null;
      long estimated = -1;
      try (PreparedStatement statement = source.prepareStatement(INTEGER_KEY.text())) {
        statement.setString(1, table.id().quoted());
        try (ResultSet rs = statement.executeQuery()) {
          if (rs.next()) {
            key = rs.getString(1);
            estimated = rs.getLong(2);
          }
        }
      }
      if (key != null && !columns.contains(key)) {
        key = null;
      }
      Long min = null;
      Long max = null;
      if (key != null) {
        try (Statement statement = source.createStatement();
            ResultSet rs =
                statement.executeQuery(
                    KEY_BOUNDS.format(Identifier.quote(key), table.id().quoted()))) {
          rs.next();
          long low = rs.getLong(1);
          min = rs.wasNull() ? null : low;
          long high = rs.getLong(2);
          max = rs.wasNull() ? null : high;
        }
      }
      tables.add(new TableToVerify(table.id(), columns, key, estimated, min, max));
    }
    return tables;
  }

  private static Set<TableId> published(Connection source, String publication) throws SQLException {
    Set<TableId> tables = new HashSet<>();
    try (PreparedStatement statement = source.prepareStatement(PUBLISHED.text())) {
      statement.setString(1, publication);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          tables.add(new TableId(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return tables;
  }
}
