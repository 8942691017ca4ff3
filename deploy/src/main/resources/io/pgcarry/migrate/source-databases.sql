-- The databases of the connected server a run over all databases migrates: every database that
-- is not a template and accepts connections.
-- Parameters: none.
SELECT datname
  FROM pg_database
 WHERE NOT datistemplate AND datallowconn
 ORDER BY datname
