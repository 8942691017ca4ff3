-- Stored generated columns (PostgreSQL 12 and later).
-- Parameters: none.
-- Columns: schema_name, table_name, column_name, expression.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       a.attname AS column_name,
       pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS expression
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attgenerated = 's' AND a.attnum > 0 AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p')
ORDER BY 1, 2, a.attnum
