-- How many large objects the connected database holds.
-- Parameters: none.
-- Columns: large_objects.
SELECT count(*)::bigint AS large_objects
FROM pg_catalog.pg_largeobject_metadata
