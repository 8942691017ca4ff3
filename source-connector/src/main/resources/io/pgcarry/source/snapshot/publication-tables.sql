-- The tables a publication publishes. Parameter: the publication name.
SELECT schemaname AS schema_name, tablename AS table_name
  FROM pg_publication_tables
 WHERE pubname = ?
