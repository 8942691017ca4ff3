-- Rows of the full load the sink has applied per table (its target name), and whether the table's
-- snapshot end was applied.
-- Placeholder: %s = the position table, quoted. Parameters: 1 = migration name.
-- Columns: snapshot_schema, snapshot_table, snapshot_rows, snapshot_complete.
SELECT snapshot_schema, snapshot_table, snapshot_rows, snapshot_complete
  FROM %s
 WHERE migration = ? AND snapshot_table IS NOT NULL
