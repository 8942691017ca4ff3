-- Sequences in user schemas that are not identity columns' internal sequences, with their
-- options and the column that owns them (OWNED BY).
-- No parameters. Columns: oid, schema, name, type, start, increment, min, max, cache, cycle,
-- unlogged, owner_table_oid, owner_schema, owner_table, owner_column.
SELECT c.oid, n.nspname AS schema, c.relname AS name,
       format_type(s.seqtypid, NULL) AS type, s.seqstart AS start, s.seqincrement AS increment,
       s.seqmin AS min, s.seqmax AS max, s.seqcache AS cache, s.seqcycle AS cycle,
       c.relpersistence = 'u' AS unlogged,
       t.oid AS owner_table_oid, tn.nspname AS owner_schema, t.relname AS owner_table,
       a.attname AS owner_column
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_sequence s ON s.seqrelid = c.oid
LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
     AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype = 'a'
LEFT JOIN pg_class t ON t.oid = d.refobjid
LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE c.relkind = 'S'
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_class'::regclass
                  AND i.objid = c.oid AND i.deptype = 'i')
ORDER BY n.nspname, c.relname
