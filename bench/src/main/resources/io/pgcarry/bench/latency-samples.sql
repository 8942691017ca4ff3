-- Milliseconds from each source transaction's start (pgbench_history.mtime, in the source's time
-- zone) to the commit that made its row visible on the target, in the order the rows were written
-- on the source. Parameter 1: the source's TimeZone setting.
SELECT extract(epoch FROM seen - (mtime AT TIME ZONE ?)) * 1000
  FROM pgcarry_bench.seen
 ORDER BY mtime
