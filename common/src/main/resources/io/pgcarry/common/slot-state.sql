-- A replication slot of the current database: whether a process streams from it, and which; how
-- far its consumer confirmed it; whether the source invalidated it (wal_status 'lost', PostgreSQL
-- 13 and later, read through to_jsonb so that the query also runs on majors without the column).
-- Parameters: 1 = the slot's name. No row when the slot does not exist.
-- Columns: active, active_pid (null while not active), confirmed_flush_lsn (null for a physical
-- slot), lost.
SELECT s.active,
       s.active_pid,
       s.confirmed_flush_lsn::text AS confirmed_flush_lsn,
       coalesce(to_jsonb(s) ->> 'wal_status', '') = 'lost' AS lost
  FROM pg_catalog.pg_replication_slots s
 WHERE s.slot_name = ? AND s.database = pg_catalog.current_database()
