-- Forgets the deferred objects of one table, built in the same transaction.
-- Placeholder: %s = the deferred key table, quoted.
-- Parameters: 1 = migration name, 2 = target schema, 3 = target table.
DELETE FROM %s
 WHERE migration = ? AND target_schema = ? AND target_table = ?
