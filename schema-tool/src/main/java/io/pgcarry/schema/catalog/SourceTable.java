package io.pgcarry.schema.catalog;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.SqlResource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A table whose rows a migration carries, with what the pipeline and verification need to know
 * about it. Immutable.
 *
 * @param id the table
 * @param unlogged unlogged tables are snapshotted, but logical decoding never sees their changes
 * @param replicaIdentity {@code d} default, {@code n} nothing, {@code f} full, {@code i} index
 * @param hasPrimaryKey whether it has a primary key
 * @param hasChildren whether inheritance children exist, so its own rows must be read with ONLY
 * @param columns the table's columns in their order, source names; empty when not read
 */
public record SourceTable(
    TableId id,
    boolean unlogged,
    char replicaIdentity,
    boolean hasPrimaryKey,
    boolean hasChildren,
    List<String> columns) {

  public SourceTable {
    columns = List.copyOf(columns);
  }

  /** A table whose columns were not read. */
  public SourceTable(
      TableId id,
      boolean unlogged,
      char replicaIdentity,
      boolean hasPrimaryKey,
      boolean hasChildren) {
    this(id, unlogged, replicaIdentity, hasPrimaryKey, hasChildren, List.of());
  }

  private static final SqlResource QUERY = SqlResource.load(SourceTable.class, "source-tables.sql");

  /** The selected tables of the source database, in name order. */
  public static List<SourceTable> list(Connection source, Predicate<TableId> selection)
      throws SQLException {
    List<SourceTable> tables = new ArrayList<>();
    try (Statement statement = source.createStatement();
        ResultSet rs = statement.executeQuery(QUERY.text())) {
      while (rs.next()) {
        TableId id = new TableId(rs.getString("schema_name"), rs.getString("table_name"));
        if (selection.test(id)) {
          tables.add(
              new SourceTable(
                  id,
                  rs.getBoolean("unlogged"),
                  rs.getString("replica_identity").charAt(0),
                  rs.getBoolean("has_primary_key"),
                  rs.getBoolean("has_children"),
                  Arrays.asList((String[]) rs.getArray("columns").getArray())));
        }
      }
    }
    return tables;
  }
}
