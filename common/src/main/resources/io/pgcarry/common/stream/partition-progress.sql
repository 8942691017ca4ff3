-- How far the sink has applied each partition of a migration, and when: the tools that watch a
-- migration measure lag and end-to-end latency from it.
-- Placeholder: %s = the position table, quoted. Parameters: 1 = migration name.
-- Columns: topic, partition, next_offset, source_lsn, source_commit_ts, applied_at.
SELECT topic, partition, next_offset, source_lsn::text, source_commit_ts, applied_at
  FROM %s
 WHERE migration = ?
