-- The deferred objects of a migration, each table's in order.
-- Placeholder: %s = the deferred key table, quoted. Parameters: 1 = migration name.
-- Columns: target_schema, target_table, step, object, statements.
SELECT target_schema, target_table, step, object, statements
  FROM %s
 WHERE migration = ?
 ORDER BY target_schema, target_table, step, object
