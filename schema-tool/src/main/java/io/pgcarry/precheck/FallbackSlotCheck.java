package io.pgcarry.precheck;

import io.pgcarry.common.MigrationName;
import io.pgcarry.common.sql.Identifier;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * A fallback slot ({@code pgcarry_NAME_fallback}, created by {@code pgcarry cutover --fallback} on
 * the new server) that nothing streams from: the way back of an earlier migration whose {@code
 * migrate} stopped, or that was never ended by {@code pgcarry fallback} or {@code pgcarry finish}.
 * It makes the server it is on, a primary now, keep its WAL until the disk is full. Looked for on
 * the target here; {@link ReplicationSlotCheck} words the same warning for one on the source (a
 * server migrated to earlier, now migrated from).
 */
final class FallbackSlotCheck implements Check {

  static final String ID = "fallback-slots";
  private static final PrecheckQuery SLOTS = PrecheckQuery.load("replication-slots.sql");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Servers needs() {
    return Servers.TARGET;
  }

  @Override
  public List<Finding> run(CheckContext context) throws SQLException {
    List<Optional<Finding>> findings =
        SLOTS.list(
            context.target(),
            row ->
                row.getBoolean("active")
                    ? Optional.empty()
                    : abandoned(
                        ID,
                        "target",
                        row.getString("slot_name"),
                        (Long) row.getObject("retained_bytes")));
    return findings.stream().flatMap(Optional::stream).toList();
  }

  /**
   * The warning for {@code slot} when it is a fallback slot that nothing streams from.
   *
   * @param server "source" or "target"
   * @param retained the WAL it holds back, or null when unknown
   */
  static Optional<Finding> abandoned(String check, String server, String slot, Long retained) {
    return MigrationName.ofFallbackSlot(slot)
        .map(
            migration ->
                Finding.warning(
                    check,
                    "replication slot " + slot,
                    "the slot '"
                        + slot
                        + "' on the "
                        + server
                        + " is the way back of pgcarry migration "
                        + migration
                        + " (cutover --fallback) and nothing streams from it: the "
                        + server
                        + " keeps "
                        + (retained == null ? "WAL" : Bytes.format(retained) + " of WAL")
                        + " for it, more every minute, until its disk is full. If that migration's migrate still"
                        + " runs, end the way back with `pgcarry fallback` or `pgcarry finish"
                        + " --name "
                        + migration
                        + "`; otherwise remove it with `pgcarry cleanup --name "
                        + migration
                        + " --source OLD --target NEW`, OLD being the server migrated from and"
                        + " NEW this one",
                    "SELECT pg_drop_replication_slot(" + Identifier.literal(slot) + ");"));
  }
}
