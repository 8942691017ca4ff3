-- The planner's row estimate of every table (reltuples: -1 when never vacuumed or analyzed since
-- PostgreSQL 14, then counted as unknown). Cheap on any size of database, unlike count(*).
-- Parameters: none.
SELECT n.nspname, c.relname, greatest(c.reltuples, 0)::bigint AS estimate
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p')
