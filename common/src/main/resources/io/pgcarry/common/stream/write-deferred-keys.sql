-- Records a deferred object of a table; one recorded before (by its name) stays as it is.
-- Placeholder: %s = the deferred key table, quoted.
-- Parameters: 1 = migration, 2 = target schema, 3 = target table, 4 = step, 5 = object,
-- 6 = statements.
INSERT INTO %s (migration, target_schema, target_table, step, object, statements)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (migration, target_schema, target_table, object) DO NOTHING
