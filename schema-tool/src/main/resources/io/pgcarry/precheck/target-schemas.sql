-- Which of the given schemas exist on the target, and what the connected role may do in each.
-- Parameters: 1 = text[] of schema names.
-- Columns: schema_name, is_owner, can_use, can_create.
SELECT n.nspname AS schema_name,
       pg_catalog.pg_has_role(n.nspowner, 'USAGE') AS is_owner,
       pg_catalog.has_schema_privilege(n.oid, 'USAGE') AS can_use,
       pg_catalog.has_schema_privilege(n.oid, 'CREATE') AS can_create
FROM pg_catalog.pg_namespace n
WHERE n.nspname = ANY (?)
