-- The columns the position table has now, to bring an older one up to date.
-- Parameters: 1 = the table's quoted, schema-qualified name.
-- Columns: column_name.
SELECT a.attname::text AS column_name
  FROM pg_catalog.pg_attribute a
 WHERE a.attrelid = pg_catalog.to_regclass(?)
   AND a.attnum > 0
   AND NOT a.attisdropped
