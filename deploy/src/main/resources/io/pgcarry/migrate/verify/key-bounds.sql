-- The smallest and largest key of a table, for cutting it into ranges: one index scan at each end.
-- Both are null when the table is empty.
-- Placeholders: %1$s = the key column, quoted; %2$s = the table, quoted and schema-qualified.
SELECT min(%1$s), max(%1$s)
  FROM ONLY %2$s
