-- Rows of the full load the sink has applied per source table, and whether the table's snapshot
-- end was applied. Written by the sink in the same transaction as the rows.
-- Format argument: the position table, quoted. Parameter: the migration name.
SELECT snapshot_schema, snapshot_table, snapshot_rows, snapshot_complete
  FROM %s
 WHERE migration = ? AND snapshot_table IS NOT NULL
