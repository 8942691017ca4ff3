-- Operators in user schemas with their function, argument types and optimizer hints.
-- No parameters. Columns: oid, schema, name, left_type, right_type, function, commutator,
-- negator, restrict, join, hashes, merges (names rendered as text, null when absent).
SELECT o.oid, n.nspname AS schema, o.oprname AS name,
       CASE WHEN o.oprleft <> 0 THEN format_type(o.oprleft, NULL) END AS left_type,
       CASE WHEN o.oprright <> 0 THEN format_type(o.oprright, NULL) END AS right_type,
       o.oprcode::regproc::text AS function,
       (SELECT 'OPERATOR(' || quote_ident(cn.nspname) || '.' || c.oprname || ')'
          FROM pg_operator c JOIN pg_namespace cn ON cn.oid = c.oprnamespace
          WHERE c.oid = o.oprcom) AS commutator,
       (SELECT 'OPERATOR(' || quote_ident(cn.nspname) || '.' || c.oprname || ')'
          FROM pg_operator c JOIN pg_namespace cn ON cn.oid = c.oprnamespace
          WHERE c.oid = o.oprnegate) AS negator,
       CASE WHEN o.oprrest <> 0 THEN o.oprrest::regproc::text END AS restrict,
       CASE WHEN o.oprjoin <> 0 THEN o.oprjoin::regproc::text END AS join,
       o.oprcanhash AS hashes, o.oprcanmerge AS merges
FROM pg_operator o
JOIN pg_namespace n ON n.oid = o.oprnamespace
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
ORDER BY n.nspname, o.oprname, left_type, right_type
