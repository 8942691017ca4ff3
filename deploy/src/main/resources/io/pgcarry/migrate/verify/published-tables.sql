-- The tables a migration's publication publishes: the only ones whose chunk markers reach a change
-- topic the sink applies.
-- Parameters: 1 = publication name.
-- Columns: schema_name, table_name.
SELECT schemaname AS schema_name, tablename AS table_name
  FROM pg_catalog.pg_publication_tables
 WHERE pubname = ?
