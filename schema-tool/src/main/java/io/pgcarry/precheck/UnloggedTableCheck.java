package io.pgcarry.precheck;

import io.pgcarry.common.TableId;
import java.sql.SQLException;
import java.util.List;

/**
 * Changes to an unlogged table are not written to the WAL, so logical decoding never sees them:
 * only the initial copy of a migrated unlogged table reaches the target.
 */
final class UnloggedTableCheck implements Check {

  static final String ID = "unlogged-tables";
  private static final PrecheckQuery QUERY = PrecheckQuery.load("unlogged-tables.sql");

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
    return QUERY
        .list(
            context.source(),
            row -> new TableId(row.getString("schema_name"), row.getString("table_name")))
        .stream()
        .filter(context::migrates)
        .map(
            table ->
                Finding.warning(
                    ID,
                    table.quoted(),
                    "the table is UNLOGGED: its changes are not written to the WAL, so only the"
                        + " initial copy reaches the target and later changes are lost. Make it"
                        + " logged (this rewrites it) or leave it out",
                    "ALTER TABLE " + table.quoted() + " SET LOGGED;"))
        .toList();
  }
}
