-- The migration's replication slot as the source sees it: in use or not, the WAL it keeps, and
-- whether the source invalidated it (wal_status 'lost', PostgreSQL 13 and later; read through
-- to_jsonb so that the query runs on every major).
-- Parameters: 1 = slot name.
-- Columns: active, retained_bytes (null when unknown), lost.
SELECT s.active,
       pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), s.restart_lsn)::bigint
         AS retained_bytes,
       coalesce(to_jsonb(s) ->> 'wal_status', '') = 'lost' AS lost
  FROM pg_catalog.pg_replication_slots s
 WHERE s.slot_name = ?
