-- Row count and an order-independent checksum of one table: the sum of the first 64 bits of the
-- md5 of each row's text form. Duplicate rows count as often as they occur. The session settings
-- that shape the text form (TimeZone, DateStyle, extra_float_digits...) are fixed by the caller.
-- Placeholders: 1 = the compared columns as a row of the alias t, ROW(t.a, t.b), every name
-- quoted; 2 = the quoted table name, with ONLY where inheritance children exist.
SELECT count(*),
       coalesce(sum(('x' || left(md5(%1$s::text), 16))::bit(64)::bigint::numeric), 0)::text
  FROM %2$s AS t
