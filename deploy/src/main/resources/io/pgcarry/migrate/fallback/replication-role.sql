-- Whether the new server can serve the way back: logical WAL, a role that may create a
-- replication slot, and what DDL capture needs (a superuser, the server's version).
-- Parameters: none.
-- Columns: wal_level, can_replicate, superuser, version_num.
SELECT current_setting('wal_level') AS wal_level,
       (SELECT rolsuper OR rolreplication FROM pg_catalog.pg_roles
         WHERE rolname = current_user) AS can_replicate,
       (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) AS superuser,
       current_setting('server_version_num')::int AS version_num
