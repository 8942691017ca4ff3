-- The extensions a non-superuser with CREATE on the database may create (PostgreSQL 13 and later;
-- before 13 only superusers may create extensions).
-- Parameters: none.
-- Columns: name.
SELECT DISTINCT v.name
FROM pg_catalog.pg_available_extension_versions v
WHERE v.trusted
