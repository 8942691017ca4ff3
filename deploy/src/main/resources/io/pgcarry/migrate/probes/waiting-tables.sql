-- Tables among the migrated ones (by the capture's selection function) that the publication does
-- not hold: created while streaming without a primary key or replica identity, they wait.
-- Placeholder: %s = the capture's selection function, quoted. Parameter: 1 = the publication.
SELECT format('%%I.%%I', n.nspname, c.relname) AS name
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p') AND c.relpersistence = 'p' AND NOT c.relispartition
   AND %s(n.nspname, c.relname)
   AND NOT EXISTS (SELECT 1 FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid
                    WHERE p.pubname = ? AND pr.prrelid = c.oid)
 ORDER BY 1
