-- The size on disk of every user table, indexes and TOAST included.
-- Parameters: none.
-- Columns: schema_name, table_name, total_bytes.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       pg_catalog.pg_total_relation_size(c.oid) AS total_bytes
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
