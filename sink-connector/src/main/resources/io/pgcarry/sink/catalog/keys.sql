-- The replica identity setting of one table on the target (d default, n nothing, f full,
-- i index), the columns of its primary key, and the columns of its replica identity index;
-- a missing key gives NULL.
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
         WHERE i.indrelid = c.oid AND i.indisreplident)
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = ?
   AND c.relname = ?
