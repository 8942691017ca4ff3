-- Collations created in user schemas. Version-independent: the provider-specific columns
-- are read from the row as JSON, since they changed names across majors.
-- No parameters. Columns: oid, schema, name, row (the pg_collation row as JSON).
SELECT c.oid, n.nspname AS schema, c.collname AS name, to_jsonb(c)::text AS row
FROM pg_collation c
JOIN pg_namespace n ON n.oid = c.collnamespace
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
ORDER BY n.nspname, c.collname
