-- User triggers (not internal) with their server-rendered definition. Clones of a partitioned
-- table's trigger on its partitions are listed only when their firing state differs.
-- No parameters. Columns: oid, name, table_oid, schema, table_name, definition, enabled
-- (tgenabled), parent_oid (the partitioned table's trigger of a clone, else 0).
SELECT g.oid, g.tgname AS name, g.tgrelid AS table_oid, n.nspname AS schema,
       t.relname AS table_name, pg_get_triggerdef(g.oid) AS definition, g.tgenabled::text AS enabled,
       coalesce((to_jsonb(g) ->> 'tgparentid')::oid, 0) AS parent_oid
FROM pg_trigger g
JOIN pg_class t ON t.oid = g.tgrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE NOT g.tgisinternal
  AND (coalesce((to_jsonb(g) ->> 'tgparentid')::oid, 0) = 0
       OR g.tgenabled <> (SELECT p.tgenabled FROM pg_trigger p
                          WHERE p.oid = (to_jsonb(g) ->> 'tgparentid')::oid))
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
ORDER BY n.nspname, t.relname, g.tgname
