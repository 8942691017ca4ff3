package io.pgcarry.precheck;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The source needs a free replication slot and a free WAL sender for each slot of the run (one per
 * database it migrates) and its streaming connection. Both limits take a restart to raise.
 *
 * @see <a
 *     href="https://www.postgresql.org/docs/current/runtime-config-replication.html">Replication
 *     settings</a>
 */
final class ReplicationCapacityCheck implements Check {

  static final String ID = "replication-capacity";
  private static final PrecheckQuery USAGE = PrecheckQuery.load("replication-usage.sql");

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
    ServerSettings settings =
        ServerSettings.read(context.source(), "max_replication_slots", "max_wal_senders");
    long maxSlots = settings.number("max_replication_slots").orElse(0L);
    long maxSenders = settings.number("max_wal_senders").orElse(0L);
    int[] used =
        USAGE.one(
            context.source(),
            row -> new int[] {row.getInt("slots_used"), row.getInt("senders_used")});
    List<Finding> findings = new ArrayList<>();
    int needed = context.settings().slots();
    String more = needed == 1 ? "one more" : needed + " more (one per database)";
    if (used[0] + needed > maxSlots) {
      findings.add(
          Finding.error(
              ID,
              "source setting max_replication_slots",
              used[0]
                  + " of "
                  + maxSlots
                  + " replication slots exist; the migration needs "
                  + more
                  + ". Raise the limit and restart, or drop a slot that is no longer needed",
              "ALTER SYSTEM SET max_replication_slots = "
                  + (used[0] + needed)
                  + "; -- then restart PostgreSQL"));
    }
    if (used[1] + needed > maxSenders) {
      findings.add(
          Finding.error(
              ID,
              "source setting max_wal_senders",
              used[1]
                  + " of "
                  + maxSenders
                  + " WAL senders are running; streaming the migration's slots needs "
                  + more
                  + ". Raise the limit and restart",
              "ALTER SYSTEM SET max_wal_senders = "
                  + (used[1] + needed)
                  + "; -- then restart PostgreSQL"));
    }
    return findings;
  }
}
