package io.pgcarry.precheck;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A source table's replica identity and the keys it has. Immutable.
 *
 * @param table the table
 * @param identity {@code d} (default: the primary key), {@code n} (nothing), {@code f} (full row)
 *     or {@code i} (an index)
 * @param primaryKey whether it has a primary key
 * @param uniqueKey whether it has any unique index that is neither partial nor on expressions
 * @param usableIndex a unique index REPLICA IDENTITY USING INDEX accepts, or null
 * @see <a
 *     href="https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-REPLICA-IDENTITY">REPLICA
 *     IDENTITY</a>
 */
record ReplicaIdentityRow(
    TableId table, char identity, boolean primaryKey, boolean uniqueKey, String usableIndex) {

  private static final PrecheckQuery QUERY = PrecheckQuery.load("replica-identity.sql");

  /** Reads every ordinary table of the connected database. */
  static List<ReplicaIdentityRow> read(Connection connection) throws SQLException {
    return QUERY.list(
        connection,
        row ->
            new ReplicaIdentityRow(
                new TableId(row.getString("schema_name"), row.getString("table_name")),
                row.getString("replica_identity").charAt(0),
                row.getBoolean("has_primary_key"),
                row.getBoolean("has_unique_key"),
                row.getString("usable_index")));
  }

  /** The statement that gives the table a replica identity the sink can key rows by. */
  String fixSql() {
    return usableIndex == null
        ? "ALTER TABLE " + table.quoted() + " REPLICA IDENTITY FULL;"
        : "ALTER TABLE "
            + table.quoted()
            + " REPLICA IDENTITY USING INDEX "
            + Identifier.quote(usableIndex)
            + ";";
  }
}
