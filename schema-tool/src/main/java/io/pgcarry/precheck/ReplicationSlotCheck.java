package io.pgcarry.precheck;

import io.pgcarry.common.sql.Identifier;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A slot with the migration's name must not exist already: the connector would resume from it
 * instead of starting afresh. Inactive slots hold back WAL on the source and are worth dropping
 * before a migration adds to the load.
 */
final class ReplicationSlotCheck implements Check {

  static final String ID = "replication-slots";
  private static final PrecheckQuery SLOTS = PrecheckQuery.load("replication-slots.sql");

  private record Slot(
      String name, String type, String plugin, String database, boolean active, Long retained) {}

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
    List<Slot> slots =
        SLOTS.list(
            context.source(),
            row ->
                new Slot(
                    row.getString("slot_name"),
                    row.getString("slot_type"),
                    row.getString("plugin"),
                    row.getString("database_name"),
                    row.getBoolean("active"),
                    (Long) row.getObject("retained_bytes")));
    List<Finding> findings = new ArrayList<>();
    for (Slot slot : slots) {
      String drop = "SELECT pg_drop_replication_slot(" + Identifier.literal(slot.name()) + ");";
      if (slot.name().equals(context.settings().slotName())) {
        findings.add(
            Finding.error(
                ID,
                "replication slot " + slot.name(),
                "a "
                    + slot.type()
                    + " slot named '"
                    + slot.name()
                    + "' already exists"
                    + (slot.database() == null ? "" : " in database " + slot.database())
                    + (slot.active() || slot.retained() == null
                        ? ""
                        : ", unused, holding back " + Bytes.format(slot.retained()) + " of WAL")
                    + "; the migration would resume from it instead of starting afresh. Resume"
                    + " the migration that made it (pgcarry migrate with the same --name), or"
                    + " drop it if it is left over from an earlier attempt (pgcarry cleanup), or"
                    + " choose another migration name",
                drop));
      } else if (!slot.active()) {
        Optional<Finding> wayBack =
            FallbackSlotCheck.abandoned(ID, "source", slot.name(), slot.retained());
        if (wayBack.isPresent()) {
          findings.add(wayBack.get());
          continue;
        }
        findings.add(
            Finding.warning(
                ID,
                "replication slot " + slot.name(),
                "the "
                    + slot.type()
                    + " slot '"
                    + slot.name()
                    + "' is inactive"
                    + (slot.retained() == null
                        ? ""
                        : " and holds back " + Bytes.format(slot.retained()) + " of WAL")
                    + "; the source keeps that WAL until the slot is used or dropped",
                drop));
      }
    }
    return findings;
  }
}
