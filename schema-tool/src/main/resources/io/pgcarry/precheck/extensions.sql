-- The extensions installed in the connected database.
-- Parameters: none.
-- Columns: name, version.
SELECT e.extname AS name, e.extversion AS version
FROM pg_catalog.pg_extension e
ORDER BY 1
