-- The attributes and database privileges of the connected role.
-- Parameters: none.
-- Columns: role_name, superuser, replication, createdb, replication_member (member of a managed
-- service's replication role such as rds_replication), can_connect, can_create, can_read_stats.
SELECT r.rolname AS role_name,
       r.rolsuper AS superuser,
       r.rolreplication AS replication,
       r.rolcreatedb AS createdb,
       EXISTS (
         SELECT 1 FROM pg_catalog.pg_roles m
         WHERE m.rolname IN ('rds_replication', 'alloydbreplica')
           AND pg_catalog.pg_has_role(r.oid, m.oid, 'MEMBER')) AS replication_member,
       pg_catalog.has_database_privilege(current_database(), 'CONNECT') AS can_connect,
       pg_catalog.has_database_privilege(current_database(), 'CREATE') AS can_create,
       r.rolsuper OR pg_catalog.pg_has_role(r.oid, 'pg_read_all_stats', 'MEMBER')
         AS can_read_stats
FROM pg_catalog.pg_roles r
WHERE r.rolname = current_user
