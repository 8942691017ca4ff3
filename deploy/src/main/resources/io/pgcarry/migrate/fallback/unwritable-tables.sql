-- The migrated tables of the old database that the connected role cannot write: the reverse sink
-- applies the new server's changes to them with this role.
-- Parameters: 1 = the tables, as a text array of quoted qualified names.
-- Columns: table_name. One row per table lacking INSERT, UPDATE, DELETE or TRUNCATE.
SELECT t.name AS table_name
  FROM unnest(?::text[]) AS t(name)
 WHERE NOT (pg_catalog.has_table_privilege(t.name::regclass, 'INSERT')
            AND pg_catalog.has_table_privilege(t.name::regclass, 'UPDATE')
            AND pg_catalog.has_table_privilege(t.name::regclass, 'DELETE')
            AND pg_catalog.has_table_privilege(t.name::regclass, 'TRUNCATE'))
 ORDER BY 1
