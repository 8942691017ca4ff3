-- Forgets every deferred object of a migration.
-- Placeholder: %s = the deferred key table, quoted. Parameters: 1 = migration name.
DELETE FROM %s
 WHERE migration = ?
