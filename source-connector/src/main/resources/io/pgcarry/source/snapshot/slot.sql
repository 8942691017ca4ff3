-- A replication slot of the current database: whether it is in use, and its confirmed position.
-- Parameter: the slot name.
SELECT active, confirmed_flush_lsn::text AS confirmed_flush_lsn
  FROM pg_replication_slots
 WHERE slot_name = ? AND database = current_database()
