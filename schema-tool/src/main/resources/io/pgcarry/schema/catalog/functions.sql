-- Functions and procedures (not aggregates) in user schemas, with their server-rendered
-- definition (pg_get_functiondef) unless written in C. Internal functions are carried: they
-- name a function built into every server.
-- No parameters. Columns: oid, schema, name, identity_args, kind (f, p, w), language,
-- definition (null for C functions: their library may be missing on the target).
SELECT p.oid, n.nspname AS schema, p.proname AS name,
       pg_get_function_identity_arguments(p.oid) AS identity_args,
       coalesce(to_jsonb(p) ->> 'prokind',
                CASE WHEN (to_jsonb(p) ->> 'proiswindow')::boolean THEN 'w' ELSE 'f' END) AS kind,
       l.lanname AS language,
       CASE WHEN l.lanname <> 'c' THEN pg_get_functiondef(p.oid) END AS definition
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND coalesce(to_jsonb(p) ->> 'prokind',
               CASE WHEN (to_jsonb(p) ->> 'proisagg')::boolean THEN 'a' ELSE 'f' END) <> 'a'
  -- range constructors and other functions a type creates for itself
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'i')
ORDER BY n.nspname, p.proname, identity_args
