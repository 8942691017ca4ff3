-- Views and materialized views in user schemas with their server-rendered query.
-- No parameters. Columns: oid, schema, name, kind (v, m), options (reloptions), definition,
-- rule_oid (the _RETURN rule), row_type, row_array, access_method, columns (names, attnum order),
-- compression (per column, attnum order: p, l or empty, 14 and later).
SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
       c.reloptions AS options, pg_get_viewdef(c.oid) AS definition,
       (SELECT r.oid FROM pg_rewrite r WHERE r.ev_class = c.oid AND r.rulename = '_RETURN') AS rule_oid,
       c.reltype AS row_type, (SELECT t.typarray FROM pg_type t WHERE t.oid = c.reltype) AS row_array,
       (SELECT am.amname FROM pg_am am
          WHERE am.oid = (to_jsonb(c) ->> 'relam')::oid AND am.amname <> 'heap') AS access_method,
       (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a
          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
       (SELECT array_agg(coalesce(to_jsonb(a) ->> 'attcompression', '') ORDER BY a.attnum)
          FROM pg_attribute a
          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS compression
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm')
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
ORDER BY n.nspname, c.relname
