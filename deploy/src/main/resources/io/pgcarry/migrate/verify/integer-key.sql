-- A table's primary key when it is one integer column (smallint, integer or bigint), which the
-- online verification cuts into ranges, and the planner's estimate of its rows (-1 when the table
-- was never analyzed or vacuumed). No row when the key is anything else; key_column is null when
-- the table has no such key.
-- Parameters: 1 = the table, quoted and schema-qualified.
SELECT (SELECT a.attname::text
          FROM pg_index i
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
         WHERE i.indrelid = c.oid AND i.indisprimary AND i.indnkeyatts = 1
           AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)) AS key_column,
       c.reltuples::bigint AS estimated_rows
  FROM pg_class c
 WHERE c.oid = CAST(? AS regclass)
