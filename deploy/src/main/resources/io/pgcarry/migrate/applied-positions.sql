-- What the sink has applied to the target, per topic partition, written by the sink in the same
-- transaction as the data it applied.
-- Placeholder: %s = the position table, quoted. Parameters: 1 = migration name.
SELECT topic, "partition", next_offset, source_lsn, source_commit_ts
  FROM %s
 WHERE migration = ?
