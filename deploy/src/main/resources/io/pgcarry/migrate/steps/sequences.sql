-- Sequences of the source database outside system schemas and extensions. Logical decoding does
-- not carry sequence values, so cutover copies them.
-- Parameters: none.
SELECT n.nspname AS schema_name, c.relname AS sequence_name
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'S'
   AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pgcarry')
   AND NOT EXISTS (SELECT 1 FROM pg_depend d
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
 ORDER BY 1, 2
