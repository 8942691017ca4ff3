package io.pgcarry.precheck;

import java.sql.SQLException;
import java.util.List;

/**
 * Functions written in C that belong to no extension are not migrated: their shared library must be
 * installed on the target server by hand before the schema is created there.
 */
final class CFunctionCheck implements Check {

  static final String ID = "c-functions";
  private static final PrecheckQuery QUERY = PrecheckQuery.load("c-functions.sql");

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
    return QUERY.list(
        context.source(),
        row ->
            Finding.warning(
                ID,
                "function " + row.getString("signature"),
                "the function is written in C (library "
                    + row.getString("library")
                    + ") and belongs to no extension; it will not be migrated. Install its"
                    + " library on the target server and create the function there",
                null));
  }
}
