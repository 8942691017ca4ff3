-- Materialized views on the target that hold no data yet, oldest first, so that one built on
-- another is refreshed after it.
-- Parameters: none.
SELECT format('%I.%I', n.nspname, c.relname) AS name
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'm' AND NOT c.relispopulated
 ORDER BY c.oid
