-- When the sink last applied each topic partition, and the source commit time of the last change
-- it applied there; written by the sink in the same transaction as the data.
-- Placeholder: %s = the position table, quoted. Parameters: 1 = migration name.
SELECT topic, "partition", source_commit_ts, applied_at
  FROM %s
 WHERE migration = ?
