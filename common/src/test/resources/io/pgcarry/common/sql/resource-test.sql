-- A query for SqlResourceTest.
-- Placeholder: %s = a quoted table name.
SELECT count(*)
  FROM %s
