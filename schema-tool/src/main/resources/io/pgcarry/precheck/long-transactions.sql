-- Sessions, in any database, whose transaction has been open longer than a threshold.
-- Parameters: 1 = threshold in seconds (double precision).
-- Columns: pid, database_name, user_name, state, has_xid, age_seconds.
SELECT a.pid,
       a.datname AS database_name,
       a.usename AS user_name,
       a.state,
       a.backend_xid IS NOT NULL AS has_xid,
       extract(epoch FROM now() - a.xact_start)::bigint AS age_seconds
FROM pg_catalog.pg_stat_activity a
WHERE a.xact_start IS NOT NULL
  AND a.pid <> pg_catalog.pg_backend_pid()
  AND a.xact_start < now() - pg_catalog.make_interval(secs => ?::double precision)
ORDER BY a.xact_start
