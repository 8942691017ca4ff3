-- The process holding the migration's replication slot, while a walsender streams from it.
-- Parameters: 1 = slot name. No row when the slot does not exist or is not in use.
SELECT active_pid
  FROM pg_replication_slots
 WHERE slot_name = ? AND database = current_database() AND active
