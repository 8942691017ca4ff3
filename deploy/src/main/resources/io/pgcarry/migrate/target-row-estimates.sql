-- Rows present in each target table, from the statistics the server keeps (cheap, and at most a
-- second or so behind): inserted minus deleted since the table was created.
-- Parameters: none.
SELECT schemaname, relname, greatest(n_tup_ins - n_tup_del, 0) AS row_count
  FROM pg_stat_user_tables
