-- Rewrite rules other than the ones that implement views.
-- No parameters. Columns: oid, name, table_oid, schema, table_name, definition, enabled.
SELECT r.oid, r.rulename AS name, r.ev_class AS table_oid, n.nspname AS schema,
       t.relname AS table_name, pg_get_ruledef(r.oid) AS definition, r.ev_enabled::text AS enabled
FROM pg_rewrite r
JOIN pg_class t ON t.oid = r.ev_class
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE r.rulename <> '_RETURN'
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
ORDER BY n.nspname, t.relname, r.rulename
