-- What the reverse sink needs of its role on the old server besides writing the tables: to set
-- session_replication_role = replica (a superuser, or from PostgreSQL 15 the SET privilege on the
-- parameter, which only exists there: the caller asks has_parameter_privilege separately) and to
-- create pgcarry's position table (CREATE on the database, or the schema existing).
-- Parameters: none.
-- Columns: superuser, version_num, can_create.
SELECT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) AS superuser,
       current_setting('server_version_num')::int AS version_num,
       pg_catalog.has_database_privilege(current_database(), 'CREATE') AS can_create
