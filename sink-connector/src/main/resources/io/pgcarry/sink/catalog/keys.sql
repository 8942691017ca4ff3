-- The replica identity setting of one table on the target (d default, n nothing, f full,
-- i index), the columns of its primary key, and the columns of its replica identity index;
-- a missing key gives NULL; and whether a foreign key of another table references it.
-- Parameters: 1 schema name, 2 table name (both unquoted, as in the catalog).
SELECT c.relreplident,
       (SELECT array_agg(a.attname ORDER BY k.ord)
          FROM pg_catalog.pg_index i
          CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
         WHERE i.indrelid = c.oid AND i.indisprimary),
       (SELECT array_agg(a.attname ORDER BY k.ord)
          FROM pg_catalog.pg_index i
          CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
         WHERE i.indrelid = c.oid AND i.indisreplident),
       EXISTS (SELECT 1
                 FROM pg_catalog.pg_constraint f
                WHERE f.contype = 'f' AND f.confrelid = c.oid AND f.conrelid <> c.oid)
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = ?
   AND c.relname = ?
