package io.pgcarry.precheck;

import java.sql.SQLException;
import java.util.List;

/**
 * Large objects ({@code lo_create}, {@code pg_largeobject}) are not carried by logical decoding, so
 * they are neither copied nor streamed: only the oid columns that point at them are.
 */
final class LargeObjectCheck implements Check {

  static final String ID = "large-objects";
  private static final PrecheckQuery QUERY = PrecheckQuery.load("large-objects.sql");

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
    long count = QUERY.one(context.source(), row -> row.getLong("large_objects"));
    if (count == 0) {
      return List.of();
    }
    return List.of(
        Finding.warning(
            ID,
            "source database " + context.sourceInfo().database(),
            "the database holds "
                + count
                + (count == 1 ? " large object" : " large objects")
                + "; logical decoding does not carry large objects, so they are not migrated"
                + " and oid columns referring to them will dangle on the target. Move them"
                + " separately (pg_dump --large-objects) or store them in bytea columns",
            null));
  }
}
