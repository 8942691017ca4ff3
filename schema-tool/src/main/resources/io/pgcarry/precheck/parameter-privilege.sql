-- Whether the connected role may SET session_replication_role (PostgreSQL 15 and later; earlier
-- only superusers may).
-- Parameters: none.
-- Columns: can_set.
SELECT pg_catalog.has_parameter_privilege('session_replication_role', 'SET') AS can_set
