-- For every user table: whether the connected role may use its schema, read it, and owns it
-- (directly or through role membership).
-- Parameters: none.
-- Columns: schema_name, table_name, schema_usage, can_select, is_owner.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       pg_catalog.has_schema_privilege(n.oid, 'USAGE') AS schema_usage,
       pg_catalog.has_table_privilege(c.oid, 'SELECT') AS can_select,
       pg_catalog.pg_has_role(c.relowner, 'USAGE') AS is_owner
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
ORDER BY 1, 2
