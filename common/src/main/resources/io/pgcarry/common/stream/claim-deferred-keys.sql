-- The deferred objects of one table, in order, locked until the transaction that builds them ends:
-- a second builder of the same table waits, then finds them built.
-- Placeholder: %s = the deferred key table, quoted.
-- Parameters: 1 = migration name, 2 = target schema, 3 = target table.
-- Columns: target_schema, target_table, step, object, statements.
SELECT target_schema, target_table, step, object, statements
  FROM %s
 WHERE migration = ? AND target_schema = ? AND target_table = ?
 ORDER BY step, object
   FOR UPDATE
