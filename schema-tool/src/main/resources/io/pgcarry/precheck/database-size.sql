-- The size of the connected database on disk.
-- Parameters: none.
-- Columns: database_bytes.
SELECT pg_catalog.pg_database_size(current_database()) AS database_bytes
