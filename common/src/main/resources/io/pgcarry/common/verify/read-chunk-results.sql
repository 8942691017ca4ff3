-- The chunks of one online verification that the sink has checked, in chunk order.
-- Placeholder: %s = the verified chunk table, quoted. Parameters: 1 = migration, 2 = run.
-- Columns: chunk, chunks, source_schema, source_table, target_schema, target_table, key_column,
-- range_from, range_to, source_lsn, source_rows, source_checksum, target_rows, target_checksum,
-- checked_at, differing_rows.
SELECT chunk, chunks, source_schema, source_table, target_schema, target_table, key_column,
       range_from, range_to, source_lsn::text, source_rows, source_checksum, target_rows,
       target_checksum, checked_at, differing_rows
  FROM %s
 WHERE migration = ? AND run = ?
 ORDER BY chunk
