-- Forgets every verified chunk of a migration.
-- Placeholder: %s = the verified chunk table, quoted. Parameters: 1 = migration name.
DELETE FROM %s
 WHERE migration = ?
