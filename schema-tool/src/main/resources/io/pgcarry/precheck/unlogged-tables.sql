-- Unlogged tables: their changes are not written to the WAL.
-- Parameters: none.
-- Columns: schema_name, table_name.
SELECT n.nspname AS schema_name, c.relname AS table_name
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND c.relpersistence = 'u'
ORDER BY 1, 2
