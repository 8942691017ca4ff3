-- pgcarry's applied position table: one row per (migration, topic, partition), written by the sink
-- in the same transaction as the changes it applies. The sink creates it when missing.
-- Placeholders: %1$s = the table's schema, quoted; %2$s = the table, quoted and schema-qualified.
CREATE SCHEMA IF NOT EXISTS %1$s;
CREATE TABLE IF NOT EXISTS %2$s (
  migration text NOT NULL, topic text NOT NULL, partition integer NOT NULL,
  next_offset bigint NOT NULL,      -- offset of the next record to apply
  source_lsn pg_lsn,                -- source.lsn of the last change applied
  source_commit_ts timestamptz,     -- source.ts_ms of the last change applied
  applied_at timestamptz NOT NULL,
  tx_after pg_lsn,                  -- stream position (pgcarry.tx.after, .first, .seq)
  tx_first pg_lsn,                  --   of the last change applied
  tx_seq bigint,
  ddl_after pg_lsn,                 -- stream position (pgcarry.tx.after, .first, the LSN)
  ddl_first pg_lsn,                 --   of the last captured DDL command the partition passed
  ddl_lsn pg_lsn,
  snapshot pg_lsn,                  -- the full load the table holds (pgcarry.snapshot)
  snapshot_schema text,             -- its table
  snapshot_table text,
  snapshot_rows bigint,             -- rows of that snapshot loaded so far
  snapshot_complete boolean,        -- its snapshot-end arrived and its total matched
  PRIMARY KEY (migration, topic, partition));
