-- pgbench's server-side data generation (`pgbench -i -I G`) of one table: 100,000 accounts per
-- branch. Parameter 1: the scale factor.
INSERT INTO pgbench_accounts (aid, bid, abalance, filler)
SELECT aid, (aid - 1) / 100000 + 1, 0, '' FROM generate_series(1, 100000 * ?) AS aid
