-- Forgets where one partition of a migration was.
-- Placeholder: %s = the position table, quoted.
-- Parameters: 1 = migration name, 2 = topic, 3 = partition.
DELETE FROM %s
 WHERE migration = ? AND topic = ? AND partition = ?
