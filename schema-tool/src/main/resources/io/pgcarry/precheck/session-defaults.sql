-- The values settings take when a session of the connected role starts in this database
-- (postgresql.conf, ALTER DATABASE ... SET, ALTER ROLE ... SET), unaffected by SET in this session.
-- Parameters: 1 = text[] of setting names.
-- Columns: name, reset_val, unit (null when unitless).
SELECT name, reset_val, unit
FROM pg_catalog.pg_settings
WHERE name = ANY (?)
