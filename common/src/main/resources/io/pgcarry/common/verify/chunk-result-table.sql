-- pgcarry's verified chunk table, beside the applied position table: one row per chunk of an
-- online verification, written by the sink in the transaction that applies the chunk's marker,
-- with every change before the marker applied. The sink creates it when missing.
-- Placeholders: %1$s = the table's schema, quoted; %2$s = the table, quoted and schema-qualified.
CREATE SCHEMA IF NOT EXISTS %1$s;
CREATE TABLE IF NOT EXISTS %2$s (
  migration text NOT NULL,
  run text NOT NULL,                -- the online verification that emitted the marker
  chunk integer NOT NULL,           -- the chunk's number in that run, from 1
  chunks integer NOT NULL,          -- how many chunks the run has
  source_schema text NOT NULL,      -- the source table
  source_table text NOT NULL,
  target_schema text NOT NULL,      -- the table compared on the target, under the mapping
  target_table text NOT NULL,
  key_column text,                  -- the integer key the range is of (source name), or null:
  range_from bigint,                --   key >= range_from (null: no lower bound)
  range_to bigint,                  --   key < range_to (null: no upper bound)
  source_lsn pg_lsn,                -- the marker's LSN on the source
  source_rows bigint NOT NULL,      -- count and checksum on the source at the marker
  source_checksum text NOT NULL,
  target_rows bigint NOT NULL,      -- count and checksum on the target at the marker
  target_checksum text NOT NULL,
  checked_at timestamptz NOT NULL,
  differing_rows text[],            -- of a chunk inspected row by row: the rows that differ, by
                                    --   key, or by their text for a table compared whole
  PRIMARY KEY (migration, run, chunk));
