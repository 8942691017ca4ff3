-- Drops a replication slot of the current database, if it exists; fails with 55006
-- (object_in_use) while a process streams from it.
-- Parameters: 1 = the slot's name. Returns a row only when it dropped the slot.
SELECT pg_catalog.pg_drop_replication_slot(s.slot_name)
  FROM pg_catalog.pg_replication_slots s
 WHERE s.slot_name = ? AND s.database = pg_catalog.current_database()
