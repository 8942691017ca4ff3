-- The tables whose rows a migration carries: ordinary tables, including the leaf partitions of
-- partitioned tables (a partitioned parent holds no rows of its own), outside system schemas and
-- extensions. has_children tells tables with inheritance children, whose snapshot must read ONLY
-- their own rows; columns lists the columns in their order, dropped ones left out.
-- Parameters: none.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       c.relpersistence = 'u' AS unlogged,
       c.relreplident AS replica_identity,
       EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary) AS has_primary_key,
       EXISTS (SELECT 1 FROM pg_inherits h
                 JOIN pg_class p ON p.oid = h.inhparent
                WHERE h.inhparent = c.oid AND p.relkind = 'r') AS has_children,
       array(SELECT a.attname::text FROM pg_attribute a
              WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
              ORDER BY a.attnum) AS columns
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'r'
   AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pgcarry')
   AND n.nspname NOT LIKE 'pg\_toast%'
   AND n.nspname NOT LIKE 'pg\_temp%'
   AND NOT EXISTS (SELECT 1 FROM pg_depend d
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                      AND d.deptype = 'e')
 ORDER BY 1, 2
