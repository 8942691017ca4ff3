-- Facts about the connected server and account.
-- Parameters: none.
-- Columns: version_num, version, user_name, database_name, superuser.
SELECT current_setting('server_version_num')::int AS version_num,
       current_setting('server_version') AS version,
       current_user AS user_name,
       current_database() AS database_name,
       r.rolsuper AS superuser
FROM pg_catalog.pg_roles r
WHERE r.rolname = current_user
