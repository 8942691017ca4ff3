-- Roles other than the connected one that can log in and could still write a migrated table of
-- the old database after a cutover with fallback: superusers, and roles holding INSERT, UPDATE,
-- DELETE or TRUNCATE on one of the tables, directly or through membership.
-- Parameters: 1 = the tables, as a text array of quoted qualified names.
-- Columns: role_name, superuser. One row per role.
SELECT r.rolname AS role_name, r.rolsuper AS superuser
  FROM pg_catalog.pg_roles r
 WHERE r.rolcanlogin
   AND r.rolname <> current_user
   AND (r.rolsuper
        OR EXISTS (SELECT 1 FROM unnest(?::text[]) AS t(name)
                    WHERE pg_catalog.has_table_privilege(r.oid, t.name::regclass,
                                                         'INSERT, UPDATE, DELETE, TRUNCATE')))
 ORDER BY 1
