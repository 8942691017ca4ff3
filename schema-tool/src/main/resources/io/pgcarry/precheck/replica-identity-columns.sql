-- The replica identity of every ordinary and partitioned table and the columns it consists of:
-- the primary key's for DEFAULT, the chosen index's for USING INDEX, none for FULL and NOTHING.
-- Parameters: none.
-- Columns: schema_name, table_name, replica_identity ('d', 'n', 'f' or 'i'), identity_columns.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       c.relreplident::text AS replica_identity,
       array(SELECT a.attname::text
               FROM pg_catalog.pg_index i
               JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey)
              WHERE i.indrelid = c.oid
                AND (c.relreplident = 'd' AND i.indisprimary
                     OR c.relreplident = 'i' AND i.indisreplident)
              ORDER BY a.attnum) AS identity_columns
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
ORDER BY 1, 2
