-- Prepared (two-phase) transactions, in any database.
-- Parameters: none.
-- Columns: gid, database_name, owner, age_seconds.
SELECT p.gid,
       p.database AS database_name,
       p.owner,
       extract(epoch FROM now() - p.prepared)::bigint AS age_seconds
FROM pg_catalog.pg_prepared_xacts p
ORDER BY p.prepared
