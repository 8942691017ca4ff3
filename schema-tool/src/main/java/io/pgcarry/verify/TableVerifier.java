package io.pgcarry.verify;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.sql.Relations;
import io.pgcarry.common.verify.KeyRange;
import io.pgcarry.common.verify.RowChecksum;
import io.pgcarry.schema.catalog.SourceTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Compares every selected table of a source and a target by row count and an order-independent
 * checksum of the rows' text form. Under a name mapping each source table is compared with its
 * target table, over the columns the mapping carries, each under its target name, in the source's
 * column order. The count and checksum are {@link RowChecksum}'s, with the same text form on both
 * sessions, so servers of different major versions compare equal when their data does. Not
 * thread-safe; each call opens its own connections.
 */
public final class TableVerifier {

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
        RowChecksum.Result s = RowChecksum.compute(src, table.id(), columns, null, KeyRange.ALL);
        RowChecksum.Result t =
            Relations.exists(dst, targetId)
                ? RowChecksum.compute(
                    dst,
                    targetId,
                    columns.stream().map(c -> mapping.column(table.id(), c)).toList(),
                    null,
                    KeyRange.ALL)
                : new RowChecksum.Result(-1, "");
        checks.add(
            new TableCheck(
                table.id().toString(),
                targetId.toString(),
                s.rows(),
                t.rows(),
                s.checksum(),
                t.checksum()));
      }
      return new VerifyReport(checks);
    }
  }

  private static Connection open(PgUri uri, String role) throws SQLException {
    Connection connection = Connections.open(uri, role);
    RowChecksum.setTextForm(connection, false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET transaction_read_only = on");
    }
    return connection;
  }
}
