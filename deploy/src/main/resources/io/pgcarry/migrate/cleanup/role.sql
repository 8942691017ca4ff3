-- A role of the connected server, as a migration leaves it: its attributes, what it owns in any
-- database (pg_shdepend, the shared dependency catalog, sees them all; default privileges it set
-- are left out, DROP OWNED removes them), the databases where it holds privileges or owns
-- something, and its sessions other than this one.
-- Parameters: 1 = the role name.
-- Columns: name, superuser, replication, bootstrap (the superuser initdb created), owned (one
-- "database: count" per database, "(cluster)" for databases and tablespaces), databases,
-- sessions.
SELECT r.rolname AS name,
       r.rolsuper AS superuser,
       r.rolreplication AS replication,
       r.oid = 10 AS bootstrap,
       array(SELECT coalesce(db.datname, '(cluster)') || ': ' || count(*)
               FROM pg_shdepend d
               LEFT JOIN pg_database db ON db.oid = d.dbid
              WHERE d.refclassid = 'pg_authid'::regclass AND d.refobjid = r.oid
                AND d.deptype = 'o' AND d.classid <> 'pg_default_acl'::regclass
              GROUP BY db.datname
              ORDER BY 1) AS owned,
       array(SELECT DISTINCT db.datname::text
               FROM pg_shdepend d
               JOIN pg_database db ON db.oid = d.dbid
              WHERE d.refclassid = 'pg_authid'::regclass AND d.refobjid = r.oid
              ORDER BY 1) AS databases,
       (SELECT count(*) FROM pg_stat_activity a
         WHERE a.usesysid = r.oid AND a.pid <> pg_backend_pid()) AS sessions
  FROM pg_roles r
 WHERE r.rolname = ?
