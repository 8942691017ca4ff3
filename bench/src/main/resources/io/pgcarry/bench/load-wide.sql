-- Rows of bench_wide: a 4 KiB payload of hex text (out of line), a JSON document and a short
-- blob per row. Parameter 1: the number of rows.
INSERT INTO bench_wide (id, title, payload, doc, blob, updated_at)
SELECT i,
       'document ' || i,
       (SELECT string_agg(md5(i::text || ':' || j), '') FROM generate_series(1, 128) AS j),
       jsonb_build_object('id', i, 'tags', jsonb_build_array('a' || i % 7, 'b' || i % 11),
                          'note', repeat(md5(i::text), 4)),
       decode(md5(i::text) || md5((i + 1)::text), 'hex'),
       timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second'
  FROM generate_series(1, ?) AS i
