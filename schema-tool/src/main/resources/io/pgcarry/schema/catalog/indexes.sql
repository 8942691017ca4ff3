-- Indexes in user schemas that do not implement a constraint, plus every index's partition
-- parent so partitioned indexes can be attached.
-- No parameters. Columns: oid, schema, name, table_oid, table_schema, table_name, definition,
-- constraint_backed, clustered, replica_identity, parent_oid (0 if none), parent_schema, parent_name.
SELECT i.oid, n.nspname AS schema, i.relname AS name, t.oid AS table_oid,
       tn.nspname AS table_schema, t.relname AS table_name,
       pg_get_indexdef(i.oid) AS definition,
       EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid
               AND c.contype IN ('p', 'u', 'x') AND c.conrelid = t.oid) AS constraint_backed,
       x.indisclustered AS clustered, x.indisreplident AS replica_identity,
       coalesce(ih.inhparent, 0) AS parent_oid, pn.nspname AS parent_schema, p.relname AS parent_name
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = i.relnamespace
JOIN pg_namespace tn ON tn.oid = t.relnamespace
LEFT JOIN pg_inherits ih ON ih.inhrelid = i.oid
LEFT JOIN pg_class p ON p.oid = ih.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
WHERE t.relkind IN ('r', 'p', 'm')
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
ORDER BY n.nspname, i.relname
