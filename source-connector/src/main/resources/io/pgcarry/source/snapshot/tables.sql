-- The tables that hold rows of their own, with their heap size in blocks, their columns that
-- COPY reads (not dropped, not generated: the target computes generated columns itself), and
-- their replica identity with the columns it consists of (the primary key's for DEFAULT, the
-- index's for USING INDEX, none for FULL and NOTHING), and the primary key's first column and
-- whether it is an integer (a source without TID range scans cuts the table by ranges of it).
-- No parameters. Run inside the snapshot's transaction, so the sizes cover every visible row.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       pg_relation_size(c.oid) / current_setting('block_size')::bigint AS blocks,
       array(SELECT a.attname::text
               FROM pg_attribute a
              WHERE a.attrelid = c.oid
                AND a.attnum > 0
                AND NOT a.attisdropped
                AND coalesce(to_jsonb(a) ->> 'attgenerated', '') = ''
              ORDER BY a.attnum) AS columns,
       c.relreplident::text AS replica_identity,
       array(SELECT a.attname::text
               FROM pg_index i
               JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey)
              WHERE i.indrelid = c.oid
                AND (c.relreplident = 'd' AND i.indisprimary
                     OR c.relreplident = 'i' AND i.indisreplident)
              ORDER BY a.attnum) AS identity_columns,
       (SELECT a.attname::text
          FROM pg_index i
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
         WHERE i.indrelid = c.oid
           AND i.indisprimary) AS key_column,
       coalesce((SELECT a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)
                   FROM pg_index i
                   JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
                  WHERE i.indrelid = c.oid
                    AND i.indisprimary), false) AS key_integer
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'r'
   AND c.relpersistence = 'p'
   AND n.nspname NOT IN ('pg_catalog', 'information_schema')
   AND n.nspname NOT LIKE 'pg\_toast%'
   AND n.nspname NOT LIKE 'pg\_temp\_%'
 ORDER BY blocks DESC, n.nspname, c.relname
