package io.pgcarry.verify;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.schema.catalog.SourceTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Compares every selected table of a source and a target by row count and an order-independent
 * checksum of the rows' text form. Both sessions use the same settings for that form, so servers of
 * different major versions compare equal when their data does.
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

  public TableVerifier(PgUri source, PgUri target, Predicate<TableId> selection) {
    this.source = source;
    this.target = target;
    this.selection = selection;
  }

  /** Compares the tables. */
  public VerifyReport verify() throws SQLException {
    try (Connection src = open(source, "source");
        Connection dst = open(target, "target")) {
      List<TableCheck> checks = new ArrayList<>();
      for (SourceTable table : SourceTable.list(src, selection)) {
        String from = (table.hasChildren() ? "ONLY " : "") + table.id().quoted();
        String[] s = checksum(src, from);
        String[] t = exists(dst, table.id()) ? checksum(dst, from) : new String[] {"-1", ""};
        checks.add(
            new TableCheck(
                table.id().toString(), Long.parseLong(s[0]), Long.parseLong(t[0]), s[1], t[1]));
      }
      return new VerifyReport(checks);
    }
  }

  private String[] checksum(Connection connection, String from) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(CHECKSUM.format(from))) {
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
