-- pgbench's server-side data generation (`pgbench -i -I G`) of one table.
-- Parameter 1: the scale factor.
INSERT INTO pgbench_branches (bid, bbalance) SELECT bid, 0 FROM generate_series(1, ?) AS bid
