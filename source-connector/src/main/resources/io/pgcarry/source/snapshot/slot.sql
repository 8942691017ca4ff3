-- A replication slot of the current database: whether it is in use, its confirmed position, and
-- whether the source invalidated it (wal_status 'lost', PostgreSQL 13 and later; read through
-- to_jsonb so that the query also runs on majors without the column).
-- Parameter: the slot name.
SELECT s.active,
       s.confirmed_flush_lsn::text AS confirmed_flush_lsn,
       coalesce(to_jsonb(s) ->> 'wal_status', '') = 'lost' AS lost
  FROM pg_replication_slots s
 WHERE s.slot_name = ? AND s.database = current_database()
