-- How far the migration's replication slot has been confirmed by the source connector.
-- Parameters: 1 = slot name.
SELECT confirmed_flush_lsn::text, active, active_pid
  FROM pg_replication_slots
 WHERE slot_name = ?
