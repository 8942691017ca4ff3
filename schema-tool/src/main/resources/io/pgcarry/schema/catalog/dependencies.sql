-- Normal and automatic dependencies between catalog rows (pg_depend), which order the DDL.
-- No parameters. Columns: catalog, oid, ref_catalog, ref_oid, ref_subid, type.
SELECT d.classid::regclass::text AS catalog, d.objid AS oid,
       d.refclassid::regclass::text AS ref_catalog, d.refobjid AS ref_oid,
       d.refobjsubid AS ref_subid, d.deptype::text AS type
FROM pg_depend d
WHERE d.deptype IN ('n', 'a') AND d.classid <> 0
