package io.pgcarry.migrate.probes;

import io.pgcarry.common.sql.SqlResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * A migration's replication slot as the source sees it: whether a process streams from it, how much
 * WAL it makes the source keep, and whether the source invalidated it. Immutable.
 *
 * @param slot the slot's name
 * @param active whether a walsender streams from it
 * @param retainedBytes WAL kept for it, or -1 when unknown
 * @param lost whether the source removed WAL it still needed (max_slot_wal_keep_size)
 */
public record SlotHealth(String slot, boolean active, long retainedBytes, boolean lost) {

  private static final SqlResource QUERY = SqlResource.load(SlotHealth.class, "slot-health.sql");

  /** The slot, or empty when it does not exist. */
  public static Optional<SlotHealth> read(Connection source, String slot) throws SQLException {
    try (PreparedStatement ps = source.prepareStatement(QUERY.text())) {
      ps.setString(1, slot);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long retained = rs.getLong("retained_bytes");
        return Optional.of(
            new SlotHealth(
                slot,
                rs.getBoolean("active"),
                rs.wasNull() ? -1 : retained,
                rs.getBoolean("lost")));
      }
    }
  }

  /** What an operator should know of the slot, one line; empty when it streams normally. */
  public Optional<String> warning(String migration) {
    if (lost) {
      return Optional.of(
          "the source invalidated replication slot "
              + slot
              + ": it kept more WAL than max_slot_wal_keep_size allows, and WAL it still needed was"
              + " removed, so changes would be missing on the target. The migration cannot"
              + " continue: run `pgcarry cleanup --name "
              + migration
              + "` and migrate again (raise max_slot_wal_keep_size, or keep migrate running, so"
              + " that the slot keeps up)");
    }
    if (!active) {
      return Optional.of(
          "replication slot "
              + slot
              + " is not in use and makes the source keep "
              + (retainedBytes < 0 ? "its WAL" : megabytes(retainedBytes) + " of WAL")
              + ", more every minute: resume with `pgcarry migrate`, or remove it with `pgcarry"
              + " cleanup --name "
              + migration
              + "`");
    }
    return Optional.empty();
  }

  /**
   * What an operator should know of the slot of a migration's way back (after {@code cutover
   * --fallback}) on the new server, one line; empty while a process streams from it. A slot nothing
   * reads makes the new server, now the primary, keep its WAL until its disk is full.
   */
  public Optional<String> wayBackWarning(String migration) {
    String remove =
        "; if nothing should stream back, remove it: `pgcarry finish --name "
            + migration
            + "` while its migrate runs, else `pgcarry cleanup --name "
            + migration
            + " --source OLD --target NEW`";
    if (lost) {
      return Optional.of(
          "the new server invalidated the fallback slot "
              + slot
              + " (max_slot_wal_keep_size): the old server can no longer catch up, so there is no"
              + " way back"
              + remove);
    }
    if (!active) {
      return Optional.of(
          "fallback slot "
              + slot
              + " is not in use and makes the new server keep "
              + (retainedBytes < 0 ? "its WAL" : megabytes(retainedBytes) + " of WAL")
              + ", more every minute: start `pgcarry migrate` again with the same options to"
              + " resume the way back"
              + remove);
    }
    return Optional.empty();
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
  }
}
