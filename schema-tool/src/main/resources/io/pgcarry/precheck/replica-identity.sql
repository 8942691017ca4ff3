-- The replica identity of every ordinary table (partitions included) and the keys it could use.
-- A usable unique index is one REPLICA IDENTITY USING INDEX accepts: unique, not partial, not
-- deferrable, on plain columns that are all NOT NULL.
-- Parameters: none.
-- Columns: schema_name, table_name, replica_identity ('d', 'n', 'f' or 'i'), has_primary_key,
-- has_unique_key (any unique index, nullable columns allowed), usable_index (name or null).
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       c.relreplident::text AS replica_identity,
       EXISTS (
         SELECT 1 FROM pg_catalog.pg_index i
         WHERE i.indrelid = c.oid AND i.indisprimary) AS has_primary_key,
       EXISTS (
         SELECT 1 FROM pg_catalog.pg_index i
         WHERE i.indrelid = c.oid AND i.indisunique AND i.indpred IS NULL
           AND i.indexprs IS NULL) AS has_unique_key,
       (SELECT ic.relname
        FROM pg_catalog.pg_index i
        JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
        WHERE i.indrelid = c.oid AND i.indisunique AND i.indimmediate AND i.indisvalid
          AND i.indpred IS NULL AND i.indexprs IS NULL
          AND NOT EXISTS (
            SELECT 1 FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = c.oid AND a.attnum = ANY (i.indkey) AND NOT a.attnotnull)
        ORDER BY i.indisprimary DESC, ic.relname
        LIMIT 1) AS usable_index
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
ORDER BY 1, 2
