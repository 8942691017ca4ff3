package io.pgcarry.common.verify;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.SqlResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The row count and order-independent checksum by which pgcarry compares rows on the source and on
 * the target: the sum of the first 64 bits of the md5 of each row's text form ({@code
 * rows-checksum.sql}). The one owner of that expression: {@code pgcarry verify}, the online
 * verification's chunks on the source and the sink's check of the same chunk on the target all
 * compute it here, so that equal rows give equal checksums wherever they are.
 *
 * <p>Why it compares across servers and mappings: the row is built from an explicit column list, in
 * the source's column order, each under its name on the side computed (so a renamed column or a
 * target that orders its columns otherwise gives the same row), and the text form of every type is
 * fixed by the settings of {@link #setTextForm}, which both sides set alike; servers of different
 * major versions then write the same text for the same value. A sum is independent of row order,
 * and counts duplicate rows as often as they occur. Stateless; thread-safe.
 */
public final class RowChecksum {

  /**
   * The settings that shape the text form of values: time zone and date style for temporal types,
   * shortest exact floats, hex bytea, the interval style.
   */
  private static final List<String> TEXT_FORM =
      List.of(
          "TimeZone = 'UTC'",
          "DateStyle = 'ISO, MDY'",
          "IntervalStyle = 'postgres'",
          "extra_float_digits = 3",
          "bytea_output = 'hex'");

  private static final SqlResource CHECKSUM =
      SqlResource.load(RowChecksum.class, "rows-checksum.sql");

  /**
   * The count and checksum of some rows.
   *
   * @param rows how many rows
   * @param checksum their checksum, a decimal number as text
   */
  public record Result(long rows, String checksum) {

    public Result {
      Objects.requireNonNull(checksum, "checksum");
    }
  }

  private RowChecksum() {}

  /**
   * Fixes the text form for the session ({@code local} false) or for the current transaction alone
   * ({@code local} true: {@code SET LOCAL}, undone at its end, for a connection that does other
   * work afterwards, such as the sink's).
   */
  public static void setTextForm(Connection connection, boolean local) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String setting : TEXT_FORM) {
        statement.execute((local ? "SET LOCAL " : "SET ") + setting);
      }
    }
  }

  /**
   * Counts and checksums the rows of a table, or those whose key lies in a range; the caller has
   * set the text form ({@link #setTextForm}). The table's inheritance children are left out ({@code
   * ONLY}): they are tables of their own.
   *
   * @param table the table, by its name on this server
   * @param columns the compared columns, by their names on this server, in the source's order
   * @param key the key column the range is of, by its name on this server; unused for the whole
   *     table
   * @param range the rows compared
   */
  public static Result compute(
      Connection connection, TableId table, List<String> columns, String key, KeyRange range)
      throws SQLException {
    String sql = CHECKSUM.format(row(columns), table.quoted(), range.condition("t", key));
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      range.bind(statement, 1);
      return result(statement);
    }
  }

  /**
   * Counts and checksums the rows whose integer key is one of {@code keys}, as {@link #compute}
   * does for a range.
   *
   * @param key the key column, by its name on this server
   * @param keys the keys; rows of keys no row has are not counted
   */
  public static Result computeKeys(
      Connection connection, TableId table, List<String> columns, String key, long[] keys)
      throws SQLException {
    String sql =
        CHECKSUM.format(
            row(columns), table.quoted(), "t." + Identifier.quote(key) + " = ANY (?::bigint[])");
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      Long[] boxed = new Long[keys.length];
      for (int i = 0; i < keys.length; i++) {
        boxed[i] = keys[i];
      }
      statement.setArray(1, connection.createArrayOf("bigint", boxed));
      return result(statement);
    }
  }

  /** Runs {@code rows-checksum.sql}, its parameters bound. */
  private static Result result(PreparedStatement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery()) {
      rs.next();
      return new Result(rs.getLong(1), rs.getString(2));
    }
  }

  /** The row of the compared columns, {@code ROW(t.a, t.b)}, whose text form is checksummed. */
  public static String row(List<String> columns) {
    return columns.stream()
        .map(column -> "t." + Identifier.quote(column))
        .collect(Collectors.joining(", ", "ROW(", ")"));
  }
}
