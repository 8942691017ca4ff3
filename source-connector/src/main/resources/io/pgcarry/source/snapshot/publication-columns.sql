-- The tables a publication publishes, each with its column list, or NULL when it publishes every
-- column. PostgreSQL 15 and later (publication column lists; prattrs).
-- Parameter: the publication name.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       (SELECT array_agg(a.attname::text ORDER BY a.attnum)
          FROM pg_attribute a
         WHERE a.attrelid = r.prrelid AND a.attnum = ANY (r.prattrs::int2[])) AS columns
  FROM pg_publication p
  JOIN pg_publication_rel r ON r.prpubid = p.oid
  JOIN pg_class c ON c.oid = r.prrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE p.pubname = ?
