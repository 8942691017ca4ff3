-- Drops a replication slot that no process uses. Parameter: the slot name.
SELECT pg_drop_replication_slot(?)
