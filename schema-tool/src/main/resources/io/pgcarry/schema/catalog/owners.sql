-- Owners of the user objects the schema tool can give an owner to (schemas, tables, views,
-- materialized views, sequences, foreign tables, routines, types, collations, operators, text
-- search dictionaries and configurations), for ALTER ... OWNER TO. Built-in objects (oid below
-- 16384, FirstNormalObjectId) are left out.
-- No parameters. Columns: catalog (the system catalog's name), oid, owner (role name).
SELECT 'pg_namespace' AS catalog, n.oid::bigint AS oid, pg_get_userbyid(n.nspowner) AS owner
FROM pg_namespace n WHERE n.oid >= 16384
UNION ALL
SELECT 'pg_class', c.oid::bigint, pg_get_userbyid(c.relowner)
FROM pg_class c WHERE c.oid >= 16384 AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
UNION ALL
SELECT 'pg_proc', p.oid::bigint, pg_get_userbyid(p.proowner)
FROM pg_proc p WHERE p.oid >= 16384
UNION ALL
SELECT 'pg_type', t.oid::bigint, pg_get_userbyid(t.typowner)
FROM pg_type t WHERE t.oid >= 16384
UNION ALL
SELECT 'pg_collation', o.oid::bigint, pg_get_userbyid(o.collowner)
FROM pg_collation o WHERE o.oid >= 16384
UNION ALL
SELECT 'pg_operator', o.oid::bigint, pg_get_userbyid(o.oprowner)
FROM pg_operator o WHERE o.oid >= 16384
UNION ALL
SELECT 'pg_ts_dict', d.oid::bigint, pg_get_userbyid(d.dictowner)
FROM pg_ts_dict d WHERE d.oid >= 16384
UNION ALL
SELECT 'pg_ts_config', g.oid::bigint, pg_get_userbyid(g.cfgowner)
FROM pg_ts_config g WHERE g.oid >= 16384
