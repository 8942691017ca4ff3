package io.pgcarry.precheck;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import java.sql.SQLException;
import java.util.List;

/**
 * Stored generated columns (PostgreSQL 12 and later) are not written by the sink: the target
 * computes them from the same expression.
 */
final class GeneratedColumnCheck implements Check {

  static final String ID = "generated-columns";
  private static final int FIRST_VERSION = 120000;
  private static final PrecheckQuery QUERY = PrecheckQuery.load("generated-columns.sql");

  private record Column(TableId table, String name, String expression) {}

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
    if (context.sourceInfo().versionNum() < FIRST_VERSION) {
      return List.of();
    }
    return QUERY
        .list(
            context.source(),
            row ->
                new Column(
                    new TableId(row.getString("schema_name"), row.getString("table_name")),
                    row.getString("column_name"),
                    row.getString("expression").replaceAll("\\s+", " ").strip()))
        .stream()
        .filter(column -> context.migrates(column.table()))
        .map(
            column ->
                Finding.info(
                    ID,
                    column.table().quoted() + "." + Identifier.quote(column.name()),
                    "generated column, computed on the target as "
                        + column.expression()
                        + " rather than copied"))
        .toList();
  }
}
