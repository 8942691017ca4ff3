-- pgbench's server-side data generation (`pgbench -i -I G`) of one table: 10 tellers per branch.
-- Parameter 1: the scale factor.
INSERT INTO pgbench_tellers (tid, bid, tbalance)
SELECT tid, (tid - 1) / 10 + 1, 0 FROM generate_series(1, 10 * ?) AS tid
