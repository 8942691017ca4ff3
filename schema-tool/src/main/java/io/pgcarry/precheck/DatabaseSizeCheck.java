package io.pgcarry.precheck;

import io.pgcarry.common.TableId;
import java.sql.SQLException;
import java.util.List;

/**
 * How much the migration copies: the source database's size and that of the selected tables with
 * their indexes. The target's free disk space cannot be read through SQL, so it is left to the
 * operator.
 */
final class DatabaseSizeCheck implements Check {

  static final String ID = "size";
  private static final PrecheckQuery DATABASE = PrecheckQuery.load("database-size.sql");
  private static final PrecheckQuery TABLES = PrecheckQuery.load("table-sizes.sql");

  private record TableSize(TableId table, long bytes) {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Servers needs() {
    return Servers.SOURCE;
  }

  @Override
  public List<Finding> run(CheckContext context) throws SQLException {
    long database = DATABASE.one(context.source(), row -> row.getLong("database_bytes"));
    long selected =
        TABLES
            .list(
                context.source(),
                row ->
                    new TableSize(
                        new TableId(row.getString("schema_name"), row.getString("table_name")),
                        row.getLong("total_bytes")))
            .stream()
            .filter(t -> context.migrates(t.table()))
            .mapToLong(TableSize::bytes)
            .sum();
    return List.of(
        Finding.info(
            ID,
            "source database " + context.sourceInfo().database(),
            "the source database takes "
                + Bytes.format(database)
                + " on disk; the selected tables with their indexes take "
                + Bytes.format(selected)),
        Finding.info(
            ID,
            "target",
            "the target's free disk space cannot be measured through SQL: make sure it has at"
                + " least "
                + Bytes.format(selected)
                + " free for the tables and indexes, plus room for WAL during the copy"));
  }
}
