package io.pgcarry.common.verify;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.Relations;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.common.stream.ChunkMarker;
import io.pgcarry.common.stream.PositionTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The table on the target, beside the applied position table ({@link PositionTable}), in which the
 * sink records each chunk of an online verification: the count and checksum the source computed at
 * the chunk's marker ({@link ChunkMarker}) and those of the same rows on the target, computed in
 * the transaction that applies the marker, after every change before it. The online verification
 * reads its run's rows from it; cleanup deletes a migration's rows and drops it with the position
 * table.
 *
 * <p>The one owner of the table: its definition ({@code chunk-result-table.sql}), its writes, reads
 * and deletes, one {@code .sql} file each beside this class. Connections and transactions are the
 * caller's; immutable and thread-safe.
 */
public final class ChunkResultTable {

  /** The most rows of a chunk inspected row by row that are named. */
  public static final int MAX_DIFFERING_ROWS = 100;

  /** The table's name in the position table's schema. */
  static final String NAME = "verified_chunk";

  private static final SqlResource DEFINITION = load("chunk-result-table.sql");
  private static final SqlResource WRITE = load("write-chunk-result.sql");
  private static final SqlResource READ = load("read-chunk-results.sql");
  private static final SqlResource FORGET = load("forget-chunk-results.sql");

  /**
   * One chunk compared on both sides.
   *
   * @param marker the chunk as the source saw it, source names
   * @param targetTable the table compared on the target
   * @param target the count and checksum of the chunk's rows on the target at the marker
   * @param checkedAt when the sink compared it
   * @param differingRows of a chunk inspected row by row, the rows that differ (at most {@link
   *     #MAX_DIFFERING_ROWS}): their keys, or their text for a table compared whole with how often
   *     each side has it; null for a chunk compared by its checksum alone
   */
  public record ChunkResult(
      ChunkMarker marker,
      TableId targetTable,
      RowChecksum.Result target,
      OffsetDateTime checkedAt,
      List<String> differingRows) {

    public ChunkResult {
      differingRows = differingRows == null ? null : List.copyOf(differingRows);
    }

    /** Whether the target held the same rows as the source at the marker. */
    public boolean matches() {
      return marker.source().equals(target);
    }
  }

  private final TableId table;

  private ChunkResultTable(TableId table) {
    this.table = table;
  }

  /** The table in the schema of the position table {@code positions}. */
  public static ChunkResultTable beside(TableId positions) {
    return new ChunkResultTable(new TableId(positions.schema(), NAME));
  }

  public TableId table() {
    return table;
  }

  /**
   * Creates the table, and its schema, when missing, in the caller's transaction; adds {@code
   * differing_rows} to a table created before it existed.
   */
  public void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(DEFINITION.format(Identifier.quote(table.schema()), table.quoted()));
    }
    boolean differingRows;
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT EXISTS (SELECT FROM pg_attribute WHERE attrelid = to_regclass(?)"
                + " AND attname = 'differing_rows' AND NOT attisdropped)")) {
      statement.setString(1, table.quoted());
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        differingRows = rs.getBoolean(1);
      }
    }
    if (!differingRows) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("ALTER TABLE " + table.quoted() + " ADD COLUMN differing_rows text[]");
      }
    }
  }

  /** Whether the table exists, so that reading it makes sense. */
  public boolean exists(Connection connection) throws SQLException {
    return Relations.exists(connection, table);
  }

  /**
   * Records a chunk compared, inside the caller's transaction; a chunk recorded before keeps its
   * first result.
   *
   * @param differingRows of a chunk inspected row by row, the rows that differ; else null
   */
  public void write(
      Connection connection,
      String migration,
      ChunkMarker marker,
      TableId targetTable,
      RowChecksum.Result target,
      List<String> differingRows)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(WRITE.format(table.quoted()))) {
      statement.setString(1, migration);
      statement.setString(2, marker.run());
      statement.setInt(3, marker.chunk());
      statement.setInt(4, marker.chunks());
      statement.setString(5, marker.table().schema());
      statement.setString(6, marker.table().table());
      statement.setString(7, targetTable.schema());
      statement.setString(8, targetTable.table());
      statement.setString(9, marker.key());
      setLong(statement, 10, marker.range().from());
      setLong(statement, 11, marker.range().to());
      statement.setString(12, marker.lsn() == null ? null : marker.lsn().toString());
      statement.setLong(13, marker.source().rows());
      statement.setString(14, marker.source().checksum());
      statement.setLong(15, target.rows());
      statement.setString(16, target.checksum());
      if (differingRows == null) {
        statement.setNull(17, Types.ARRAY);
      } else {
        statement.setArray(17, connection.createArrayOf("text", differingRows.toArray()));
      }
      statement.executeUpdate();
    }
  }

  /** The chunks of one run the sink has compared so far, in chunk order. */
  public List<ChunkResult> read(Connection connection, String migration, String run)
      throws SQLException {
    List<ChunkResult> results = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(READ.format(table.quoted()))) {
      statement.setString(1, migration);
      statement.setString(2, run);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          results.add(result(rs, run));
        }
      }
    }
    return results;
  }

  private static ChunkResult result(ResultSet rs, String run) throws SQLException {
    String lsn = rs.getString(10);
    ChunkMarker marker =
        new ChunkMarker(
            run,
            rs.getInt(1),
            rs.getInt(2),
            new TableId(rs.getString(3), rs.getString(4)),
            List.of(),
            rs.getString(7),
            new KeyRange(longOrNull(rs, 8), longOrNull(rs, 9)),
            new RowChecksum.Result(rs.getLong(11), rs.getString(12)),
            lsn == null ? null : Lsn.parse(lsn));
    return new ChunkResult(
        marker,
        new TableId(rs.getString(5), rs.getString(6)),
        new RowChecksum.Result(rs.getLong(13), rs.getString(14)),
        rs.getObject(15, OffsetDateTime.class),
        strings(rs.getArray(16)));
  }

  /** Forgets every chunk of a migration, inside the caller's transaction. */
  public void forget(Connection connection, String migration) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(FORGET.format(table.quoted()))) {
      statement.setString(1, migration);
      statement.executeUpdate();
    }
  }

  /** Whether no migration has a chunk left. */
  public boolean isEmpty(Connection connection) throws SQLException {
    return Relations.isEmpty(connection, table);
  }

  /** Drops the table; its schema is the position table's to drop. */
  public void drop(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table.quoted());
    }
  }

  private static List<String> strings(java.sql.Array array) throws SQLException {
    if (array == null) {
      return null;
    }
    List<String> values = new ArrayList<>();
    for (Object value : (Object[]) array.getArray()) {
      values.add((String) value);
    }
    return values;
  }

  private static Long longOrNull(ResultSet rs, int index) throws SQLException {
    long value = rs.getLong(index);
    return rs.wasNull() ? null : value;
  }

  private static void setLong(PreparedStatement statement, int index, Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  private static SqlResource load(String name) {
    return SqlResource.load(ChunkResultTable.class, name);
  }

  @Override
  public String toString() {
    return table.toString();
  }
}
