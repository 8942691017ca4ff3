-- Casts created in the database that involve at least one type outside pg_catalog, or a
-- function outside it (built-in casts are never dumped).
-- No parameters. Columns: oid, schema (of the first user-defined type involved), source_type, target_type, function (qualified signature or
-- null), method (f function, i inout, b binary), context (e explicit, a assignment, i implicit).
SELECT c.oid,
       coalesce((SELECT n.nspname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                 WHERE t.oid = c.castsource AND n.nspname <> 'pg_catalog'),
                (SELECT n.nspname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                 WHERE t.oid = c.casttarget AND n.nspname <> 'pg_catalog'),
                'pg_catalog') AS schema,
       format_type(c.castsource, NULL) AS source_type,
       format_type(c.casttarget, NULL) AS target_type,
       CASE WHEN c.castfunc <> 0 THEN c.castfunc::regprocedure::text END AS function,
       c.castmethod::text AS method, c.castcontext::text AS context
FROM pg_cast c
WHERE c.oid >= 16384
  -- casts a type creates for itself (range to multirange)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_cast'::regclass
                  AND d.objid = c.oid AND d.deptype = 'i')
ORDER BY 2, 3
