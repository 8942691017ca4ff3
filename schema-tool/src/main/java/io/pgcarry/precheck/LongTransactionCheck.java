package io.pgcarry.precheck;

import io.pgcarry.common.sql.Identifier;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Creating a logical replication slot waits until every transaction running at that moment, in any
 * database of the source cluster, has ended; prepared transactions count too. Long-running ones
 * would hold the migration at its very first step.
 *
 * @see <a
 *     href="https://www.postgresql.org/docs/current/logicaldecoding-explanation.html#LOGICALDECODING-REPLICATION-SLOTS">Replication
 *     slots</a>
 */
final class LongTransactionCheck implements Check {

  static final String ID = "long-transactions";
  private static final PrecheckQuery ROLE = PrecheckQuery.load("role.sql");
  private static final PrecheckQuery OPEN = PrecheckQuery.load("long-transactions.sql");
  private static final PrecheckQuery PREPARED = PrecheckQuery.load("prepared-transactions.sql");

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
    boolean seesAll = ROLE.one(context.source(), row -> row.getBoolean("can_read_stats"));
    if (!seesAll) {
      findings.add(
          Finding.info(
              ID,
              "source",
              "the source account sees only its own sessions in pg_stat_activity, so long"
                  + " transactions of other roles cannot be found; grant pg_read_all_stats to"
                  + " see them"));
    }
    double threshold = context.settings().longTransaction().toMillis() / 1000.0;
    findings.addAll(OPEN.list(context.source(), LongTransactionCheck::open, threshold));
    findings.addAll(PREPARED.list(context.source(), LongTransactionCheck::prepared));
    return findings;
  }

  private static Finding open(ResultSet row) throws SQLException {
    int pid = row.getInt("pid");
    return Finding.warning(
        ID,
        "source session " + pid,
        "a transaction of user "
            + row.getString("user_name")
            + " in database "
            + row.getString("database_name")
            + " has been open for "
            + row.getLong("age_seconds")
            + " s (state "
            + row.getString("state")
            + (row.getBoolean("has_xid") ? ", has written" : "")
            + "); creating the replication slot waits until it ends",
        "SELECT pg_terminate_backend(" + pid + "); -- only if it may be cut short");
  }

  private static Finding prepared(ResultSet row) throws SQLException {
    return Finding.warning(
        ID,
        "prepared transaction " + row.getString("gid"),
        "a prepared transaction of "
            + row.getString("owner")
            + " in database "
            + row.getString("database_name")
            + " has waited "
            + row.getLong("age_seconds")
            + " s for COMMIT PREPARED or ROLLBACK PREPARED; creating the replication"
            + " slot waits until it ends. Finish it from that database, with the"
            + " outcome its transaction manager expects",
        "ROLLBACK PREPARED " + Identifier.literal(row.getString("gid")) + ";");
  }
}
