-- Whether the new server can serve the way back: logical WAL, and a role that may create a
-- replication slot.
-- Parameters: none.
-- Columns: wal_level, can_replicate.
SELECT current_setting('wal_level') AS wal_level,
       (SELECT rolsuper OR rolreplication FROM pg_catalog.pg_roles
         WHERE rolname = current_user) AS can_replicate
