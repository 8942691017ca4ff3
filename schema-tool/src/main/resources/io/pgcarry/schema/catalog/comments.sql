-- Comments on objects (pg_description), to be attached to the object they describe.
-- No parameters. Columns: catalog, oid, subid (column number, 0 for the object), text.
SELECT d.classoid::regclass::text AS catalog, d.objoid AS oid, d.objsubid AS subid,
       d.description AS text
FROM pg_description d
