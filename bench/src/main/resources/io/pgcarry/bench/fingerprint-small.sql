-- The cheap part of the benchmark data's fingerprint: history rows, and the balance sums of the
-- tellers and branches. Equal on both sides (with the accounts' part) once a replica has applied
-- every change of a finished workload. No parameters.
SELECT (SELECT count(*) FROM pgbench_history),
       (SELECT coalesce(sum(tbalance), 0) FROM pgbench_tellers),
       (SELECT coalesce(sum(bbalance), 0) FROM pgbench_branches)
