-- Records where a partition is, every column as given: the sink runs it in the transaction of the
-- changes it applied.
-- Placeholder: %s = the position table, quoted.
-- Parameters: 1 = migration, 2 = topic, 3 = partition, 4 = next_offset, 5 = source_lsn (text),
-- 6 = source_commit_ts, 7 = tx_after (text), 8 = tx_first (text), 9 = tx_seq, 10 = ddl_after
-- (text), 11 = ddl_first (text), 12 = ddl_lsn (text), 13 = snapshot (text), 14 = snapshot_schema,
-- 15 = snapshot_table, 16 = snapshot_rows, 17 = snapshot_complete.
INSERT INTO %s AS p (migration, applied_at, topic, partition, next_offset, source_lsn,
                     source_commit_ts, tx_after, tx_first, tx_seq, ddl_after, ddl_first, ddl_lsn,
                     snapshot, snapshot_schema, snapshot_table, snapshot_rows, snapshot_complete)
VALUES (?, clock_timestamp(), ?, ?, ?, CAST(? AS pg_lsn), ?, CAST(? AS pg_lsn), CAST(? AS pg_lsn),
        ?, CAST(? AS pg_lsn), CAST(? AS pg_lsn), CAST(? AS pg_lsn), CAST(? AS pg_lsn), ?, ?, ?, ?)
ON CONFLICT (migration, topic, partition) DO UPDATE SET
  applied_at = EXCLUDED.applied_at, next_offset = EXCLUDED.next_offset,
  source_lsn = EXCLUDED.source_lsn, source_commit_ts = EXCLUDED.source_commit_ts,
  tx_after = EXCLUDED.tx_after, tx_first = EXCLUDED.tx_first, tx_seq = EXCLUDED.tx_seq,
  ddl_after = EXCLUDED.ddl_after, ddl_first = EXCLUDED.ddl_first, ddl_lsn = EXCLUDED.ddl_lsn,
  snapshot = EXCLUDED.snapshot, snapshot_schema = EXCLUDED.snapshot_schema,
  snapshot_table = EXCLUDED.snapshot_table, snapshot_rows = EXCLUDED.snapshot_rows,
  snapshot_complete = EXCLUDED.snapshot_complete
