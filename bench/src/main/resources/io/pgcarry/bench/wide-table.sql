-- A table of wide rows whose text is kept out of line, uncompressed, in its TOAST table
-- (STORAGE EXTERNAL): what a full load of documents, blobs and JSON meets. No parameters.
DROP TABLE IF EXISTS bench_wide;
CREATE TABLE bench_wide (
  id bigint PRIMARY KEY,
  title text NOT NULL,
  payload text NOT NULL,
  doc jsonb NOT NULL,
  blob bytea NOT NULL,
  updated_at timestamptz NOT NULL
);
ALTER TABLE bench_wide ALTER COLUMN payload SET STORAGE EXTERNAL;
-- The ids of the rows the wide-rows workload inserts, above those of the load.
DROP SEQUENCE IF EXISTS bench_wide_ids;
CREATE SEQUENCE bench_wide_ids START 1000000000;
