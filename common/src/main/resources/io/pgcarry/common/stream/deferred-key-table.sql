-- pgcarry's deferred key table, beside the applied position table: the keys of a migration's tables
-- that the schema's pre-data left out so that the full load fills the tables without maintaining
-- them. The sink builds a table's keys when its full load is complete, before any change of the
-- table, and deletes their rows in the same transaction. Created by the pre-data step.
-- Placeholders: %1$s = the table's schema, quoted; %2$s = the table, quoted and schema-qualified.
CREATE SCHEMA IF NOT EXISTS %1$s;
CREATE TABLE IF NOT EXISTS %2$s (
  migration text NOT NULL,
  target_schema text NOT NULL,      -- the table the keys belong to, by its target name
  target_table text NOT NULL,
  step integer NOT NULL,            -- the order of the table's objects, from 1
  object text NOT NULL,             -- what the statements create, as reports name it
  statements text[] NOT NULL,       -- run in order, in one transaction with the table's others
  PRIMARY KEY (migration, target_schema, target_table, object));
