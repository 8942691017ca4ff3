package io.pgcarry.migrate.steps;

import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.sql.SqlResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What cutover does on the target once it has every change: what logical decoding does not carry.
 * Sequence values are copied from the source, each to the sequence of the same name in the schema
 * the mapping names (also back to the old server at a fallback); materialized views created without
 * data are refreshed.
 */
public final class FinalSync {

  private static final SqlResource SEQUENCES = SqlResource.load(FinalSync.class, "sequences.sql");
  private static final SqlResource UNPOPULATED_VIEWS =
      SqlResource.load(FinalSync.class, "unpopulated-matviews.sql");

  private FinalSync() {}

  /**
   * Sets each target sequence to the source's value.
   *
   * @param mapping the target schema of each source schema
   * @return how many sequences were set
   */
  public static int copySequences(Connection source, Connection target, NameMapping mapping)
      throws SQLException {
    List<TableId> sequences = new ArrayList<>();
    try (Statement statement = source.createStatement();
        ResultSet rs = statement.executeQuery(SEQUENCES.text())) {
      while (rs.next()) {
        sequences.add(new TableId(rs.getString(1), rs.getString(2)));
      }
    }
    int copied = 0;
    try (PreparedStatement exists = target.prepareStatement("SELECT to_regclass(?)");
        PreparedStatement setval = target.prepareStatement("SELECT setval(?::regclass, ?, ?)")) {
      for (TableId sequence : sequences) {
        TableId renamed = new TableId(mapping.schema(sequence.schema()), sequence.table());
        exists.setString(1, renamed.quoted());
        try (ResultSet rs = exists.executeQuery()) {
          if (!rs.next() || rs.getString(1) == null) {
            continue;
          }
        }
        try (Statement read = source.createStatement();
            ResultSet value =
                read.executeQuery("SELECT last_value, is_called FROM " + sequence.quoted())) {
          value.next();
          setval.setString(1, renamed.quoted());
          setval.setLong(2, value.getLong(1));
          setval.setBoolean(3, value.getBoolean(2));
          setval.execute();
          copied++;
        }
      }
    }
    return copied;
  }

  /**
   * Refreshes every materialized view of the target that has no data.
   *
   * @return how many were refreshed
   */
  static int refreshMaterializedViews(Connection target) throws SQLException {
    List<String> views = new ArrayList<>();
    try (Statement statement = target.createStatement();
        ResultSet rs = statement.executeQuery(UNPOPULATED_VIEWS.text())) {
      while (rs.next()) {
        views.add(rs.getString(1));
      }
    }
    for (String view : views) {
      try (Statement statement = target.createStatement()) {
        statement.execute("REFRESH MATERIALIZED VIEW " + view);
      }
    }
    return views.size();
  }
}
