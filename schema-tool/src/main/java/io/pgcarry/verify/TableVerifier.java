package io.pgcarry.verify;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.schema.catalog.SourceTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Compares every selected table of a source and a target by row count and an order-independent
 * checksum of the rows' text form. Under a name mapping each source table is compared with its
 * target table, over the columns the mapping carries, each under its target name, in the source's
 * column order. Both sessions use the same settings for the text form, so servers of different
 * major versions compare equal when their data does. Not thread-safe; each call opens its own
 * connections.
 */
public final class TableVerifier {

  private static final List<String> SETTINGS =
      List.of(
          "SET TimeZone = 'UTC'",
          "SET DateStyle = 'ISO, MDY'",
          "SET IntervalStyle = 'postgres'",
          "SET extra_float_digits = 3",
          "SET bytea_output = 'hex'",
          "SET transaction_read_only = on");

  private static final SqlResource CHECKSUM =
      SqlResource.load(TableVerifier.class, "table-checksum.sql");

  private final PgUri source;
  private final PgUri target;
  private final Predicate<TableId> selection;
  private final NameMapping mapping;

  /** Compares tables that keep their names and columns. */
  public TableVerifier(PgUri source, PgUri target, Predicate<TableId> selection) {
    this(source, target, selection, NameMapping.IDENTITY);
  }

  /**
   * @param selection which source tables to compare, by source name
   * @param mapping the names the target has
   */
  public TableVerifier(
      PgUri source, PgUri target, Predicate<TableId> selection, NameMapping mapping) {
    this.source = source;
    this.target = target;
    this.selection = selection;
    this.mapping = mapping;
  }

  /** Compares the tables. */
  public VerifyReport verify() throws SQLException {
    try (Connection src = open(source, "source");
        Connection dst = open(target, "target")) {
      List<TableCheck> checks = new ArrayList<>();
      for (SourceTable table : SourceTable.list(src, selection)) {
        TableId targetId = mapping.table(table.id());
        List<String> columns = mapping.carried(table.id(), table.columns());
        String only = table.hasChildren() ? "ONLY " : "";
        String[] s = checksum(src, row(columns), only + table.id().quoted());
        String[] t =
            exists(dst, targetId)
                ? checksum(
                    dst,
                    row(columns.stream().map(c -> mapping.column(table.id(), c)).toList()),
                    only + targetId.quoted())
                : new String[] {"-1", ""};
        checks.add(
            new TableCheck(
                table.id().toString(),
                targetId.toString(),
                Long.parseLong(s[0]),
                Long.parseLong(t[0]),
                s[1],
                t[1]));
      }
      return new VerifyReport(checks);
    }
  }

  /** The row of the compared columns, {@code ROW(t.a, t.b)}, whose text form is checksummed. */
  private static String row(List<String> columns) {
    return columns.stream()
        .map(column -> "t." + Identifier.quote(column))
        .collect(Collectors.joining(", ", "ROW(", ")"));
  }

  private String[] checksum(Connection connection, String row, String from) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(CHECKSUM.format(row, from))) {
      rs.next();
      return new String[] {rs.getString(1), rs.getString(2)};
    }
  }

  private static boolean exists(Connection connection, TableId table) throws SQLException {
    try (var statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      statement.setString(1, table.quoted());
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static Connection open(PgUri uri, String role) throws SQLException {
    Connection connection = Connections.open(uri, role);
    try (Statement statement = connection.createStatement()) {
      for (String setting : SETTINGS) {
        statement.execute(setting);
      }
    }
    return connection;
  }
}
