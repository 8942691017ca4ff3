package io.pgcarry.source.snapshot;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.common.sql.SqlStates;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publication that says which tables the slot streams. It must exist, with every table of the
 * full load, before the slot is created: pgoutput decides per change whether it is published with
 * the catalog as of that change, so a table added later would lose the changes in between.
 *
 * <p>A table of which the connector reads only some columns is published with a column list on
 * PostgreSQL 15 and later ({@link Table#columns}), so the other columns' values never leave the
 * source server. Stateless.
 *
 * @see <a href="https://www.postgresql.org/docs/current/logical-replication-col-lists.html">Column
 *     lists</a>
 */
public final class Publication {

  private static final Logger LOG = LoggerFactory.getLogger(Publication.class);
  private static final SqlResource EXISTS =
      SqlResource.load(Publication.class, "publication-exists.sql");
  private static final SqlResource TABLES =
      SqlResource.load(Publication.class, "publication-tables.sql");
  private static final SqlResource COLUMNS =
      SqlResource.load(Publication.class, "publication-columns.sql");

  /**
   * A published table.
   *
   * @param id the table
   * @param columns the columns to publish, or empty for every column
   */
  public record Table(TableId id, Optional<List<String>> columns) {

    public Table {
      columns = columns.map(List::copyOf);
    }

    String sql() {
      return id.quoted()
          + columns
              .map(
                  c ->
                      c.stream()
                          .map(Identifier::quote)
                          .collect(Collectors.joining(", ", " (", ")")))
              .orElse("");
    }
  }

  private Publication() {}

  /**
   * Creates the publication for exactly these tables, or changes an existing one of that name to
   * publish exactly them (with the same column lists). Commits.
   *
   * @param columnLists whether the server has publication column lists (PostgreSQL 15 and later);
   *     without them every table is published whole
   */
  public static void ensure(
      Connection connection, String name, Collection<Table> tables, boolean columnLists)
      throws SQLException {
    Map<TableId, Optional<List<String>>> wanted = new TreeMap<>();
    tables.forEach(t -> wanted.put(t.id(), columnLists ? t.columns() : Optional.empty()));
    String list =
        wanted.entrySet().stream()
            .map(e -> new Table(e.getKey(), e.getValue()).sql())
            .collect(Collectors.joining(", "));
    String sql = null;
    try (Statement statement = connection.createStatement()) {
      if (!exists(connection, name)) {
        sql = "CREATE PUBLICATION " + Identifier.quote(name) + " FOR TABLE " + list;
        statement.execute(sql);
        LOG.info("Created publication {} for {} tables", name, wanted.size());
      } else if (!published(connection, name, columnLists).equals(wanted)) {
        sql = "ALTER PUBLICATION " + Identifier.quote(name) + " SET TABLE " + list;
        statement.execute(sql);
        LOG.info("Publication {} now publishes {} tables", name, wanted.size());
      }
    } catch (SQLException e) {
      if (!SqlStates.is(e, SqlStates.INSUFFICIENT_PRIVILEGE)) {
        throw e;
      }
      // Publishing a table takes its ownership, which a migration role should not have.
      throw new SQLException(
          "The source role may not publish the migrated tables ("
              + e.getMessage()
              + "); have the tables' owner run: "
              + sql
              + ";",
          e.getSQLState(),
          e);
    }
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
  }

  /** The tables the publication holds, whole or in part; empty when it does not exist. */
  public static Set<TableId> tables(Connection connection, String name) throws SQLException {
    return published(connection, name, false).keySet();
  }

  private static boolean exists(Connection connection, String name) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(EXISTS.text())) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private static Map<TableId, Optional<List<String>>> published(
      Connection connection, String name, boolean columnLists) throws SQLException {
    Map<TableId, Optional<List<String>>> tables = new TreeMap<>();
    try (PreparedStatement ps =
        connection.prepareStatement(columnLists ? COLUMNS.text() : TABLES.text())) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Array columns = columnLists ? rs.getArray("columns") : null;
          tables.put(
              new TableId(rs.getString("schema_name"), rs.getString("table_name")),
              columns == null
                  ? Optional.empty()
                  : Optional.of(Arrays.asList((String[]) columns.getArray())));
        }
      }
    }
    return tables;
  }
}
