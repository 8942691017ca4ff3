package io.pgcarry.common.stream;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.Relations;
import io.pgcarry.common.sql.SqlResource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The table on the target, beside the applied position table ({@link PositionTable}), that holds
 * the keys of a migration's tables built after their rows: primary keys, unique and exclusion
 * constraints, unique indexes and the replica identity that names one. The schema's pre-data step
 * records them instead of creating them, in its own transaction; the sink builds a table's keys
 * once its full load is complete and before any change of the table, and deletes their rows in the
 * transaction that builds them, so a table has its keys exactly when its rows here are gone. The
 * tools that run a migration wait for the table to hold none of the migration's rows before they
 * create foreign keys, and forget them when they clean up.
 *
 * <p>The one owner of the table: its definition ({@code deferred-key-table.sql}), its writes, reads
 * and deletes, one {@code .sql} file each beside this class. Connections and transactions are the
 * caller's; immutable and thread-safe.
 */
public final class DeferredKeyTable {

  /** The table's name in the position table's schema. */
  static final String NAME = "deferred_key";

  private static final SqlResource DEFINITION = load("deferred-key-table.sql");
  private static final SqlResource WRITE = load("write-deferred-keys.sql");
  private static final SqlResource READ = load("read-deferred-keys.sql");
  private static final SqlResource CLAIM = load("claim-deferred-keys.sql");
  private static final SqlResource BUILT = load("built-deferred-keys.sql");
  private static final SqlResource FORGET = load("forget-deferred-keys.sql");

  /**
   * One object of a table built after its rows.
   *
   * @param table the table, by its target name
   * @param step the order among the table's objects, from 1 (a replica identity after its index)
   * @param object what the statements create, as reports name it, e.g. {@code CONSTRAINT "t_pkey"
   *     ON "public"."t"}
   * @param statements the statements that create it, run in order
   */
  public record DeferredKey(TableId table, int step, String object, List<String> statements) {

    public DeferredKey {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(object, "object");
      statements = List.copyOf(statements);
    }
  }

  private final TableId table;

  private DeferredKeyTable(TableId table) {
    this.table = table;
  }

  /** The table in the schema of the position table {@code positions}. */
  public static DeferredKeyTable beside(TableId positions) {
    return new DeferredKeyTable(new TableId(positions.schema(), NAME));
  }

  public TableId table() {
    return table;
  }

  /** Creates the table, and its schema, when missing, in the caller's transaction. */
  public void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(DEFINITION.format(Identifier.quote(table.schema()), table.quoted()));
    }
  }

  /** Whether the table exists, so that reading it makes sense. */
  public boolean exists(Connection connection) throws SQLException {
    return Relations.exists(connection, table);
  }

  /**
   * Records objects of a migration, inside the caller's transaction; an object recorded before (the
   * same table and object) stays as it was.
   */
  public void write(Connection connection, String migration, Collection<DeferredKey> keys)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(WRITE.format(table.quoted()))) {
      for (DeferredKey key : keys) {
        statement.setString(1, migration);
        statement.setString(2, key.table().schema());
        statement.setString(3, key.table().table());
        statement.setInt(4, key.step());
        statement.setString(5, key.object());
        Array statements = connection.createArrayOf("text", key.statements().toArray());
        statement.setArray(6, statements);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  /** Every object of a migration not built yet, each table's in order. */
  public List<DeferredKey> read(Connection connection, String migration) throws SQLException {
    try (PreparedStatement statement = READ.prepare(connection, table, migration)) {
      return keys(statement);
    }
  }

  /**
   * The objects of one table not built yet, in order, locked until the caller's transaction ends: a
   * second caller for the same table waits for it, then finds none if the first built them.
   */
  public List<DeferredKey> claim(Connection connection, String migration, TableId target)
      throws SQLException {
    try (PreparedStatement statement = CLAIM.prepare(connection, table, migration)) {
      statement.setString(2, target.schema());
      statement.setString(3, target.table());
      return keys(statement);
    }
  }

  /** Forgets the objects of one table, built in the caller's transaction. */
  public void built(Connection connection, String migration, TableId target) throws SQLException {
    try (PreparedStatement statement = BUILT.prepare(connection, table, migration)) {
      statement.setString(2, target.schema());
      statement.setString(3, target.table());
      statement.executeUpdate();
    }
  }

  /** Forgets every object of a migration, inside the caller's transaction. */
  public void forget(Connection connection, String migration) throws SQLException {
    try (PreparedStatement statement = FORGET.prepare(connection, table, migration)) {
      statement.executeUpdate();
    }
  }

  /**
   * Drops the table, once no migration has an object left to build; its schema is the position
   * table's to drop.
   */
  public void drop(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table.quoted());
    }
  }

  /** Whether no migration has an object left to build. */
  public boolean isEmpty(Connection connection) throws SQLException {
    return Relations.isEmpty(connection, table);
  }

  private static List<DeferredKey> keys(PreparedStatement statement) throws SQLException {
    List<DeferredKey> keys = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        String[] statements = (String[]) rs.getArray(5).getArray();
        keys.add(
            new DeferredKey(
                new TableId(rs.getString(1), rs.getString(2)),
                rs.getInt(3),
                rs.getString(4),
                List.of(statements)));
      }
    }
    return keys;
  }

  private static SqlResource load(String name) {
    return SqlResource.load(DeferredKeyTable.class, name);
  }

  @Override
  public String toString() {
    return table.toString();
  }
}
