-- The user tables that exist in the connected (target) database, and whether the connected role
-- may write to each.
-- Parameters: none.
-- Columns: schema_name, table_name, can_insert, can_update, can_delete.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       pg_catalog.has_table_privilege(c.oid, 'INSERT') AS can_insert,
       pg_catalog.has_table_privilege(c.oid, 'UPDATE') AS can_update,
       pg_catalog.has_table_privilege(c.oid, 'DELETE') AS can_delete
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
ORDER BY 1, 2
