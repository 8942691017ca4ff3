-- Every replication slot of the cluster and how much WAL it holds back.
-- Parameters: none.
-- Columns: slot_name, slot_type, plugin, database_name, active, retained_bytes (null when the
-- slot has no restart position, or on a standby).
SELECT s.slot_name,
       s.slot_type,
       s.plugin,
       s.database AS database_name,
       s.active,
       CASE WHEN pg_catalog.pg_is_in_recovery() OR s.restart_lsn IS NULL THEN NULL
            ELSE pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), s.restart_lsn)::bigint
       END AS retained_bytes
FROM pg_catalog.pg_replication_slots s
ORDER BY 1
