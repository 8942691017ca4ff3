-- Everything the table holds of a migration's partitions: what the sink resumes from.
-- Placeholder: %s = the position table, quoted. Parameters: 1 = migration name.
-- Columns: topic, partition, next_offset, source_lsn, the source commit in epoch milliseconds,
-- tx_after, tx_first, tx_seq, ddl_after, ddl_first, ddl_lsn, snapshot, snapshot_schema,
-- snapshot_table, snapshot_rows, snapshot_complete.
SELECT topic, partition, next_offset, source_lsn::text,
       (extract(epoch FROM source_commit_ts) * 1000)::bigint, tx_after::text, tx_first::text,
       tx_seq, ddl_after::text, ddl_first::text, ddl_lsn::text, snapshot::text, snapshot_schema,
       snapshot_table, snapshot_rows, snapshot_complete
  FROM %s
 WHERE migration = ?
