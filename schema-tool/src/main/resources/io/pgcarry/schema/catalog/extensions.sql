-- Extensions installed in the database, except plpgsql (always present).
-- No parameters. Columns: oid, name, schema, version.
SELECT e.oid, e.extname AS name, n.nspname AS schema, e.extversion AS version
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'
ORDER BY e.extname
