-- How many replication slots exist and how many WAL senders run, cluster-wide.
-- Parameters: none.
-- Columns: slots_used, senders_used.
SELECT (SELECT count(*) FROM pg_catalog.pg_replication_slots)::int AS slots_used,
       (SELECT count(*) FROM pg_catalog.pg_stat_replication)::int AS senders_used
