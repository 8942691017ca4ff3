-- Rows and bytes (heap, TOAST and indexes) of the benchmark's tables on the source.
-- No parameters.
SELECT c.relname, c.reltuples::bigint, pg_total_relation_size(c.oid)
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind = 'r'
 ORDER BY c.relname
