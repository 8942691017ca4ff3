-- Whether the connected role may drop a publication: it owns it, directly or through membership.
-- Parameters: 1 = publication name.
-- Columns: owner (role name), can_drop. No row when the publication does not exist.
SELECT pg_catalog.pg_get_userbyid(p.pubowner) AS owner,
       pg_catalog.pg_has_role(p.pubowner, 'USAGE') AS can_drop
  FROM pg_catalog.pg_publication p
 WHERE p.pubname = ?
