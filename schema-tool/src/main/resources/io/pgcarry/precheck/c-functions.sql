-- Functions written in C that belong to no extension, outside the system schemas.
-- Parameters: none.
-- Columns: schema_name, signature (name and argument types), library.
SELECT n.nspname AS schema_name,
       p.oid::pg_catalog.regprocedure::text AS signature,
       p.probin AS library
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE l.lanname = 'c'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1, 2
