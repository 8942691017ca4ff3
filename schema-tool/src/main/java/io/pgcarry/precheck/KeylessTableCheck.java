package io.pgcarry.precheck;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A migrated table without a primary key or unique key can be migrated with REPLICA IDENTITY FULL,
 * but the sink then matches rows by all their columns: of identical duplicate rows it cannot tell
 * which one an UPDATE or DELETE meant, and a replayed insert duplicates a row.
 */
final class KeylessTableCheck implements Check {

  static final String ID = "keyless-tables";

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
      if (!context.migrates(row.table()) || row.primaryKey() || row.uniqueKey()) {
        continue;
      }
      boolean full = row.identity() == 'f';
      findings.add(
          Finding.warning(
              ID,
              row.table().quoted(),
              "the table has no primary key or unique key: the sink matches its rows by every"
                  + " column, so identical duplicate rows cannot be told apart and a replayed"
                  + " insert duplicates a row. Add a primary key if the data allows"
                  + (full ? "" : ", or at least set REPLICA IDENTITY FULL"),
              full ? null : row.fixSql()));
    }
    return findings;
  }
}
