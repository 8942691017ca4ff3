-- The tables a publication publishes.
-- Parameters: 1 = publication name.
-- Columns: schema_name, table_name.
SELECT schemaname AS schema_name, tablename AS table_name
FROM pg_catalog.pg_publication_tables
WHERE pubname = ?
