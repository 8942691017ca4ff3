-- User triggers (not internal, not clones on partitions) with their server-rendered definition.
-- No parameters. Columns: oid, name, table_oid, schema, table_name, definition, enabled (tgenabled).
SELECT g.oid, g.tgname AS name, g.tgrelid AS table_oid, n.nspname AS schema,
       t.relname AS table_name, pg_get_triggerdef(g.oid) AS definition, g.tgenabled::text AS enabled
FROM pg_trigger g
JOIN pg_class t ON t.oid = g.tgrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE NOT g.tgisinternal
  AND coalesce((to_jsonb(g) ->> 'tgparentid')::oid, 0) = 0
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
ORDER BY n.nspname, t.relname, g.tgname
