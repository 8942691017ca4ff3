-- Records one chunk's counts and checksums on both sides: the sink runs it in the transaction that
-- applies the chunk's marker. A marker applied before keeps its first result.
-- Placeholder: %s = the verified chunk table, quoted.
-- Parameters: 1 = migration, 2 = run, 3 = chunk, 4 = chunks, 5 = source_schema, 6 = source_table,
-- 7 = target_schema, 8 = target_table, 9 = key_column, 10 = range_from, 11 = range_to,
-- 12 = source_lsn (text), 13 = source_rows, 14 = source_checksum, 15 = target_rows,
-- 16 = target_checksum, 17 = differing_rows (text[], or null).
INSERT INTO %s (migration, run, chunk, chunks, source_schema, source_table, target_schema,
                target_table, key_column, range_from, range_to, source_lsn, source_rows,
                source_checksum, target_rows, target_checksum, checked_at, differing_rows)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS pg_lsn), ?, ?, ?, ?, clock_timestamp(),
        CAST(? AS text[]))
ON CONFLICT (migration, run, chunk) DO NOTHING
