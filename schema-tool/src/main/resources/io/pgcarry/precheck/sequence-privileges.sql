-- For every sequence of a user schema (not one of an extension): whether the connected role may
-- read it, as cutover does to copy its value (logical decoding does not carry sequences).
-- Parameters: none.
-- Columns: schema_name, sequence_name, can_select.
SELECT n.nspname AS schema_name,
       c.relname AS sequence_name,
       pg_catalog.has_sequence_privilege(c.oid, 'SELECT') AS can_select
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'S'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pgcarry')
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                   WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                     AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2
