-- Privileges of user objects that differ from the built-in defaults (acldefault for the object's
-- kind and owner), for GRANT and REVOKE: what the ACL has beyond the defaults is granted, what the
-- defaults have that the ACL lacks is revoked. Objects whose ACL is null have the defaults and give
-- no rows. Column privileges have no defaults (null, which aclexplode reads as no entries).
-- Built-in objects (oid below 16384) are left out.
-- See https://www.postgresql.org/docs/current/ddl-priv.html
-- No parameters. Columns: catalog (the system catalog's name), oid, column_name (the column of a
-- column privilege, else null), grantee (role name, null for PUBLIC), privilege (e.g. SELECT),
-- grantable (WITH GRANT OPTION), revoke (true for a default privilege the ACL lacks).
-- Ordered by object, object privileges before column privileges, revokes first, then in ACL order.
WITH acls AS (
  SELECT 'pg_class' AS catalog, c.oid::bigint AS oid, NULL::text AS column_name, c.relacl AS acl,
         acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner) AS defaults
  FROM pg_class c
  WHERE c.oid >= 16384 AND c.relacl IS NOT NULL AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  UNION ALL
  SELECT 'pg_class', a.attrelid::bigint, a.attname::text, a.attacl, NULL::aclitem[]
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  WHERE a.attrelid >= 16384 AND a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
    AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  UNION ALL
  SELECT 'pg_namespace', n.oid::bigint, NULL, n.nspacl, acldefault('n', n.nspowner)
  FROM pg_namespace n WHERE n.oid >= 16384 AND n.nspacl IS NOT NULL
  UNION ALL
  SELECT 'pg_proc', p.oid::bigint, NULL, p.proacl, acldefault('f', p.proowner)
  FROM pg_proc p WHERE p.oid >= 16384 AND p.proacl IS NOT NULL
  UNION ALL
  SELECT 'pg_type', t.oid::bigint, NULL, t.typacl, acldefault('T', t.typowner)
  FROM pg_type t WHERE t.oid >= 16384 AND t.typacl IS NOT NULL
),
entries AS (
  SELECT a.catalog, a.oid, a.column_name, e.grantee, e.privilege_type, e.is_grantable,
         false AS revoke, e.ord
  FROM acls a,
       aclexplode(a.acl) WITH ORDINALITY e(grantor, grantee, privilege_type, is_grantable, ord)
  WHERE NOT EXISTS (SELECT 1 FROM aclexplode(a.defaults) d
                    WHERE d.grantee = e.grantee AND d.privilege_type = e.privilege_type
                      AND d.is_grantable = e.is_grantable)
  UNION ALL
  SELECT a.catalog, a.oid, a.column_name, d.grantee, d.privilege_type, d.is_grantable,
         true, d.ord
  FROM acls a,
       aclexplode(a.defaults) WITH ORDINALITY d(grantor, grantee, privilege_type, is_grantable, ord)
  WHERE NOT EXISTS (SELECT 1 FROM aclexplode(a.acl) e
                    WHERE e.grantee = d.grantee AND e.privilege_type = d.privilege_type)
)
SELECT catalog, oid, column_name,
       CASE WHEN grantee = 0 THEN NULL ELSE pg_get_userbyid(grantee) END AS grantee,
       privilege_type AS privilege, is_grantable AS grantable, revoke
FROM entries
ORDER BY catalog, oid, column_name NULLS FIRST, revoke DESC, ord
