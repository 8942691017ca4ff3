-- Access methods created in the database (not built in, not from an extension).
-- No parameters. Columns: oid, name, type (t table, i index), handler.
SELECT a.oid, a.amname AS name, a.amtype::text AS type, a.amhandler::regproc::text AS handler
FROM pg_am a
WHERE a.oid >= 16384
ORDER BY a.amname
