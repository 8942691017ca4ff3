-- The tables of pgbench's TPC-B-like workload, as `pgbench -i` creates them, without their
-- primary keys (added after the load, as pgbench does). pgbench_history has no key: its replica
-- identity is the whole row, so that logical replication can carry it. No parameters.
DROP TABLE IF EXISTS pgbench_history, pgbench_tellers, pgbench_accounts, pgbench_branches;
CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22));
CREATE TABLE pgbench_tellers (tid int NOT NULL, bid int, tbalance int, filler char(84)) WITH (fillfactor = 100);
CREATE TABLE pgbench_accounts (aid int NOT NULL, bid int, abalance int, filler char(84)) WITH (fillfactor = 100);
CREATE TABLE pgbench_branches (bid int NOT NULL, bbalance int, filler char(88)) WITH (fillfactor = 100);
ALTER TABLE pgbench_history REPLICA IDENTITY FULL;
