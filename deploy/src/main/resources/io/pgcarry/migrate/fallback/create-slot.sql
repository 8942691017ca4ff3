-- Creates the fallback slot on the new server, decoded with pgoutput; its consistent point is
-- where the way back starts.
-- Parameters: 1 = slot name.
-- Columns: lsn, the slot's consistent point.
SELECT lsn::text FROM pg_catalog.pg_create_logical_replication_slot(?, 'pgoutput')
