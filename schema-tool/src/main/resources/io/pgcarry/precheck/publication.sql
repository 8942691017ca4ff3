-- A publication by name, and whether it publishes all tables.
-- Parameters: 1 = publication name.
-- Columns: pubname, puballtables.
SELECT p.pubname, p.puballtables
FROM pg_catalog.pg_publication p
WHERE p.pubname = ?
