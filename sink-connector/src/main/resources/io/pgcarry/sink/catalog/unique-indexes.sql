-- The unique indexes and exclusion constraints of one table on the target (the primary key and
-- the replica identity index included), in name order: the index name; the constraint it backs,
-- or NULL for a plain unique index; whether it is an exclusion constraint; whether it is partial
-- (WHERE ...); whether it indexes expressions; whether its check can be deferred (a DEFERRABLE
-- constraint, pg_index.indimmediate false); and the names of its key columns in index order,
-- without INCLUDE columns and without expressions. indnkeyatts only exists from PostgreSQL 11,
-- before which every index column is a key column: to_jsonb reads it where it exists.
-- Parameters: 1 schema name, 2 table name (both unquoted, as in the catalog).
SELECT ic.relname,
       con.conname,
       i.indisexclusion,
       i.indpred IS NOT NULL,
       i.indexprs IS NOT NULL,
       NOT i.indimmediate,
       (SELECT array_agg(a.attname ORDER BY k.ord)
          FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
         WHERE k.ord <= coalesce((to_jsonb(i) ->> 'indnkeyatts')::int, i.indnatts))
  FROM pg_catalog.pg_index i
  JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
  LEFT JOIN pg_catalog.pg_constraint con
         ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
 WHERE n.nspname = ?
   AND c.relname = ?
   AND (i.indisunique OR i.indisexclusion)
 ORDER BY ic.relname
