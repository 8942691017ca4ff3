-- Drops the migration's replication slot of the current database, if it exists; returns a row
-- only when it dropped one.
-- Parameters: 1 = slot name.
SELECT pg_drop_replication_slot(slot_name)
  FROM pg_replication_slots
 WHERE slot_name = ? AND database = current_database()
