-- Ordinary and partitioned tables in user schemas, with their columns (JSON array) and
-- the properties CREATE TABLE carries. Version-independent columns are read as JSON.
-- No parameters. Columns: oid, schema, name, kind (r, p), unlogged, options (reloptions, with
-- those of the TOAST table prefixed toast.),
-- partition_key, of_type (typed tables), partition_bound, parents (JSON array of [schema, name]), row_type, row_array,
-- replica_identity, row_security, force_row_security, with_oids, access_method, columns.
SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
       c.relpersistence = 'u' AS unlogged,
       array_cat(c.reloptions, (SELECT array_agg('toast.' || o) FROM pg_class tc,
                                unnest(tc.reloptions) o WHERE tc.oid = c.reltoastrelid)) AS options,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
       CASE WHEN c.reloftype <> 0 THEN format_type(c.reloftype, NULL) END AS of_type,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       (SELECT json_agg(json_build_array(pn.nspname, p.relname, p.oid) ORDER BY i.inhseqno)
          FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
          JOIN pg_namespace pn ON pn.oid = p.relnamespace
          WHERE i.inhrelid = c.oid) AS parents,
       c.reltype AS row_type, (SELECT t.typarray FROM pg_type t WHERE t.oid = c.reltype) AS row_array,
       c.relreplident::text AS replica_identity, c.relrowsecurity AS row_security,
       c.relforcerowsecurity AS force_row_security,
       coalesce((to_jsonb(c) ->> 'relhasoids')::boolean, false) AS with_oids,
       (SELECT am.amname FROM pg_am am
          WHERE am.oid = (to_jsonb(c) ->> 'relam')::oid AND am.amname <> 'heap') AS access_method,
       (SELECT json_agg(json_build_object(
                 'num', a.attnum,
                 'name', a.attname,
                 'type', format_type(a.atttypid, a.atttypmod),
                 'collation', CASE WHEN a.attcollation <> t.typcollation
                                   THEN (SELECT json_build_array(cn.nspname, co.collname)
                                         FROM pg_collation co
                                         JOIN pg_namespace cn ON cn.oid = co.collnamespace
                                         WHERE co.oid = a.attcollation) END,
                 'default', pg_get_expr(ad.adbin, ad.adrelid),
                 'default_oid', ad.oid,
                 'not_null', a.attnotnull,
                 'identity', nullif(to_jsonb(a) ->> 'attidentity', ''),
                 'generated', nullif(to_jsonb(a) ->> 'attgenerated', ''),
                 'local', a.attislocal,
                 'generated_by_parent', EXISTS (
                        SELECT 1 FROM pg_inherits i
                        JOIN pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname
                        WHERE i.inhrelid = c.oid
                          AND coalesce(to_jsonb(pa) ->> 'attgenerated', '') <> ''),
                 'storage', CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END,
                 'statistics', CASE WHEN (to_jsonb(a) ->> 'attstattarget')::int >= 0
                                    THEN (to_jsonb(a) ->> 'attstattarget')::int END,
                 'options', a.attoptions,
                 'compression', nullif(to_jsonb(a) ->> 'attcompression', ''),
                 'identity_sequence', (SELECT json_build_object(
                        'schema', sn.nspname, 'name', s.relname,
                        'type', format_type(q.seqtypid, NULL), 'start', q.seqstart,
                        'increment', q.seqincrement, 'min', q.seqmin, 'max', q.seqmax,
                        'cache', q.seqcache, 'cycle', q.seqcycle,
                        -- sequences have their own persistence from PostgreSQL 15 on
                        'unlogged', CASE WHEN current_setting('server_version_num')::int >= 150000
                                         THEN s.relpersistence = 'u' END)
                      FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
                      JOIN pg_namespace sn ON sn.oid = s.relnamespace
                      JOIN pg_sequence q ON q.seqrelid = s.oid
                      WHERE d.classid = 'pg_class'::regclass AND d.refobjid = c.oid
                        AND d.refobjsubid = a.attnum AND d.deptype = 'i'
                        AND s.relkind = 'S'))
                 ORDER BY a.attnum)
          FROM pg_attribute a
          JOIN pg_type t ON t.oid = a.atttypid
          LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
ORDER BY n.nspname, c.relname
