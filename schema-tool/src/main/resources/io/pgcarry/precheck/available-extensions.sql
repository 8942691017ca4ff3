-- The extensions whose files are installed on the server, and whether each is created in the
-- connected database.
-- Parameters: none.
-- Columns: name, default_version, installed (true when created in the connected database).
SELECT a.name, a.default_version, a.installed_version IS NOT NULL AS installed
FROM pg_catalog.pg_available_extensions a
ORDER BY 1
