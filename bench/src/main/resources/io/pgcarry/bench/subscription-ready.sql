-- Tables of a subscription, and those of them whose initial copy is done (state 'r', ready).
-- Parameter 1: the subscription's name.
SELECT count(*), count(*) FILTER (WHERE r.srsubstate = 'r')
  FROM pg_catalog.pg_subscription_rel r
  JOIN pg_catalog.pg_subscription s ON s.oid = r.srsubid
 WHERE s.subname = ?
