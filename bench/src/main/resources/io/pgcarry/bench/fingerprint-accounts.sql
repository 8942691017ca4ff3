-- The accounts' part of the benchmark data's fingerprint: the sum of their balances and of the
-- balances times the account number. No parameters.
SELECT coalesce(sum(abalance), 0), coalesce(sum(abalance::bigint * aid), 0) FROM pgbench_accounts
