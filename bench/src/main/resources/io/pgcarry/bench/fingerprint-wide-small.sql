-- The cheap part of the wide rows' fingerprint: their number and a hash of the columns the
-- wide-rows workload updates. No parameters.
SELECT count(*), coalesce(sum(hashtext(title || doc::text || updated_at::text)::bigint), 0)
  FROM bench_wide
