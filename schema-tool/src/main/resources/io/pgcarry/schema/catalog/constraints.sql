-- Table constraints (check, primary key, unique, exclusion, foreign key) in user schemas.
-- No parameters. Columns: oid, name, type (contype), table_oid, schema, table_name,
-- definition (pg_get_constraintdef), validated, local, parent_oid (partition clone, 0 if none),
-- index_oid, ref_table_oid, ref_schema, ref_table, columns, ref_columns (names, key order),
-- table_kind (relkind), on_update, on_delete, match (foreign key action codes), deferrable, deferred,
-- uses_function (whether the expression calls a user-defined function), clustered (whether the
-- table is CLUSTERed ON the constraint's index).
SELECT c.oid, c.conname AS name, c.contype::text AS type, c.conrelid AS table_oid,
       n.nspname AS schema, t.relname AS table_name, pg_get_constraintdef(c.oid) AS definition,
       t.relkind::text AS table_kind, c.confupdtype::text AS on_update, c.confdeltype::text AS on_delete,
       c.confmatchtype::text AS match, c.condeferrable AS deferrable, c.condeferred AS deferred,
       EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_constraint'::regclass
               AND d.objid = c.oid AND d.refclassid = 'pg_proc'::regclass
               AND d.refobjid >= 16384) AS uses_function,
       c.convalidated AS validated, c.conislocal AS local,
       c.contype IN ('p', 'u', 'x') AND coalesce((SELECT x.indisclustered FROM pg_index x
                                                  WHERE x.indexrelid = c.conindid), false)
         AS clustered,
       coalesce((to_jsonb(c) ->> 'conparentid')::oid, 0) AS parent_oid,
       c.conindid AS index_oid, c.confrelid AS ref_table_oid,
       rn.nspname AS ref_schema, r.relname AS ref_table,
       (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(num, i)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num) AS columns,
       (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(num, i)
          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num) AS ref_columns
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_class r ON r.oid = c.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = r.relnamespace
WHERE c.contype IN ('c', 'p', 'u', 'x', 'f')
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
ORDER BY n.nspname, t.relname, c.conname
