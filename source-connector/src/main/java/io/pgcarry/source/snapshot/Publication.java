package io.pgcarry.source.snapshot;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.common.sql.SqlStates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publication that says which tables the slot streams. It must exist, with every table of the
 * full load, before the slot is created: pgoutput decides per change whether it is published with
 * the catalog as of that change, so a table added later would lose the changes in between.
 * Stateless.
 */
public final class Publication {

  private static final Logger LOG = LoggerFactory.getLogger(Publication.class);

  private Publication() {}

  /**
   * Creates the publication for exactly these tables, or changes an existing one of that name to
   * publish exactly them. Commits.
   */
  public static void ensure(Connection connection, String name, Collection<TableId> tables)
      throws SQLException {
    Set<TableId> wanted = new TreeSet<>(tables);
    String list = wanted.stream().map(TableId::quoted).collect(Collectors.joining(", "));
    String sql = null;
    try (Statement statement = connection.createStatement()) {
      if (!exists(connection, name)) {
        sql = "CREATE PUBLICATION " + Identifier.quote(name) + " FOR TABLE " + list;
        statement.execute(sql);
        LOG.info("Created publication {} for {} tables", name, wanted.size());
      } else if (!published(connection, name).equals(wanted)) {
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

  private static boolean exists(Connection connection, String name) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            SqlResource.load(Publication.class, "publication-exists.sql").text())) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private static Set<TableId> published(Connection connection, String name) throws SQLException {
    Set<TableId> tables = new HashSet<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            SqlResource.load(Publication.class, "publication-tables.sql").text())) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tables.add(new TableId(rs.getString("schema_name"), rs.getString("table_name")));
        }
      }
    }
    return new TreeSet<>(tables);
  }
}
