-- The extensions whose files are installed on the server, whether created in a database or not.
-- Parameters: none.
-- Columns: name, default_version.
SELECT a.name, a.default_version
FROM pg_catalog.pg_available_extensions a
ORDER BY 1
