-- Every role of the server, to check that the owners and grantees the schema tool will name exist.
-- No parameters. Columns: name.
SELECT r.rolname AS name FROM pg_roles r
