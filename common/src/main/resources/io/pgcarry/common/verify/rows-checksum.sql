-- Row count and an order-independent checksum of a table's rows, or of the rows whose key lies in
-- a range: the sum of the first 64 bits of the md5 of each row's text form. Duplicate rows count as
-- often as they occur. The session settings that shape the text form (TimeZone, DateStyle,
-- extra_float_digits...) are fixed by the caller (RowChecksum.setTextForm).
-- Placeholders: %1$s = the compared columns as a row of the alias t, ROW(t."a", t."b"), every name
-- quoted; %2$s = the table, quoted; %3$s = the rows compared: true, or a condition on the key such
-- as t."id" >= ? AND t."id" < ?, or t."id" = ANY (?::bigint[]).
-- Parameters: the bounds of %3$s, lower first, as bigint; or the keys, as an array.
SELECT count(*),
       coalesce(sum(('x' || left(md5(%1$s::text), 16))::bit(64)::bigint::numeric), 0)::text
  FROM ONLY %2$s AS t
 WHERE %3$s
