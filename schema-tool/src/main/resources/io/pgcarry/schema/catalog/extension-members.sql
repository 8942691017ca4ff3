-- Catalog rows that belong to an extension (created by CREATE EXTENSION, never dumped).
-- No parameters. Columns: catalog, oid, extension (oid of pg_extension).
SELECT d.classid::regclass::text AS catalog, d.objid AS oid, d.refobjid AS extension
FROM pg_depend d
WHERE d.deptype = 'e' AND d.refclassid = 'pg_extension'::regclass
