package io.pgcarry.precheck;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The source needs one free replication slot and one free WAL sender for the migration's slot and
 * its streaming connection. Both limits take a restart to raise.
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
    if (used[0] >= maxSlots) {
      findings.add(
          Finding.error(
              ID,
              "source setting max_replication_slots",
              "all "
                  + maxSlots
                  + " replication slots are in use ("
                  + used[0]
                  + " exist); the migration needs one more. Raise the limit and restart, or drop"
                  + " a slot that is no longer needed",
              "ALTER SYSTEM SET max_replication_slots = "
                  + (used[0] + 1)
                  + "; -- then restart PostgreSQL"));
    }
    if (used[1] >= maxSenders) {
      findings.add(
          Finding.error(
              ID,
              "source setting max_wal_senders",
              "all "
                  + maxSenders
                  + " WAL senders are in use ("
                  + used[1]
                  + " running); streaming the migration's slot needs one more. Raise the limit"
                  + " and restart",
              "ALTER SYSTEM SET max_wal_senders = "
                  + (used[1] + 1)
                  + "; -- then restart PostgreSQL"));
    }
    return findings;
  }
}
