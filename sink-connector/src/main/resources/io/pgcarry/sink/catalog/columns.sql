-- The columns of one table on the target, in column order, with the type to cast values to,
-- whether the column is generated (its value is computed by the target), and whether it is an
-- identity column GENERATED ALWAYS (inserts need OVERRIDING SYSTEM VALUE).
-- Parameters: 1 schema name, 2 table name (both unquoted, as in the catalog).
SELECT a.attname,
       pg_catalog.format_type(a.atttypid, a.atttypmod),
       a.attgenerated <> '',
       a.attidentity = 'a'
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = ?
   AND c.relname = ?
   AND c.relkind IN ('r', 'p')
   AND a.attnum > 0
   AND NOT a.attisdropped
 ORDER BY a.attnum
