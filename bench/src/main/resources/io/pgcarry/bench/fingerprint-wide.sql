-- The wide rows' payloads and blobs, hashed; read once the cheap part matches. No parameters.
SELECT coalesce(sum(hashtext(payload)::bigint), 0), coalesce(sum(hashtext(encode(blob, 'hex'))::bigint), 0)
  FROM bench_wide
