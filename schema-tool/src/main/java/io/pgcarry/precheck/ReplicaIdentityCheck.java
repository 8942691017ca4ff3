package io.pgcarry.precheck;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A migrated table must have a replica identity. With {@code NOTHING}, or {@code DEFAULT} and no
 * primary key, adding it to the publication makes every UPDATE and DELETE on the source fail
 * ("cannot update table … because it does not have a replica identity and publishes updates"), and
 * the change events would carry no key for the sink to find the row by.
 */
final class ReplicaIdentityCheck implements Check {

  static final String ID = "replica-identity";

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
    List<Finding> findings = new ArrayList<>();
    for (ReplicaIdentityRow row : ReplicaIdentityRow.read(context.source())) {
      if (!context.migrates(row.table())) {
        continue;
      }
      String why =
          switch (row.identity()) {
            case 'n' -> "has REPLICA IDENTITY NOTHING";
            case 'd' ->
                row.primaryKey() ? null : "has no primary key for its default replica identity";
            default -> null;
          };
      if (why != null) {
        findings.add(
            Finding.error(
                ID,
                row.table().quoted(),
                "the table "
                    + why
                    + ": once it is published, UPDATE and DELETE on it fail on the source"
                    + " (\"cannot update table because it does not have a replica identity and"
                    + " publishes updates\") and the sink could not find the rows to change."
                    + " Give it a replica identity"
                    + (row.usableIndex() == null
                        ? ""
                        : " (its unique index " + row.usableIndex() + " can serve)"),
                row.fixSql()));
      }
    }
    return findings;
  }
}
