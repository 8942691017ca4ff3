-- The migration's replication slot against the source's current WAL position, in bytes: how far
-- the source connector has confirmed it, and how much WAL the source keeps for it.
-- Parameters: 1 = slot name.
-- wal_status and safe_wal_size exist from PostgreSQL 13 on, max_slot_wal_keep_size too (in MB,
-- -1 = unlimited): they are read through to_jsonb and pg_settings so that one query serves 10 on.
SELECT pg_current_wal_lsn()::text,
       s.confirmed_flush_lsn::text,
       pg_wal_lsn_diff(pg_current_wal_lsn(), s.confirmed_flush_lsn)::bigint,
       pg_wal_lsn_diff(pg_current_wal_lsn(), s.restart_lsn)::bigint,
       to_jsonb(s) ->> 'wal_status',
       (to_jsonb(s) ->> 'safe_wal_size')::bigint,
       (SELECT NULLIF(setting::bigint, -1) * 1024 * 1024
          FROM pg_settings
         WHERE name = 'max_slot_wal_keep_size')
  FROM pg_replication_slots s
 WHERE s.slot_name = ?
