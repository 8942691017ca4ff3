-- Row-level security policies.
-- No parameters. Columns: oid, name, table_oid, schema, table_name, command (polcmd),
-- permissive, roles (names; null for PUBLIC), using_expr, check_expr.
SELECT p.oid, p.polname AS name, p.polrelid AS table_oid, n.nspname AS schema,
       t.relname AS table_name, p.polcmd::text AS command,
       coalesce((to_jsonb(p) ->> 'polpermissive')::boolean, true) AS permissive,
       (SELECT array_agg(a.rolname::text ORDER BY a.rolname NULLS FIRST)
          FROM unnest(p.polroles) r(role) LEFT JOIN pg_roles a ON a.oid = r.role) AS roles,
       pg_get_expr(p.polqual, p.polrelid) AS using_expr,
       pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr
FROM pg_policy p
JOIN pg_class t ON t.oid = p.polrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
ORDER BY n.nspname, t.relname, p.polname
