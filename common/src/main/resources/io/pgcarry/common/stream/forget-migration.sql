-- Forgets every position of a migration.
-- Placeholder: %s = the position table, quoted. Parameters: 1 = migration name.
DELETE FROM %s
 WHERE migration = ?
