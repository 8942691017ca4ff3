-- User-defined types outside the system schemas: enums, composites (not table row types),
-- ranges, domains and base types. Array types and row types of relations are left out.
-- No parameters. Columns: oid, schema, name, kind (typtype), array_oid, multirange_oid,
-- labels (enum), attributes (composite, JSON array of {name, type, collation}),
-- range (JSON: subtype, opclass, collation, canonical, diff, multirange),
-- domain (JSON: base, collation, default, not_null, checks [{name, def}]),
-- defined (false for a shell type), base (base types: JSON of CREATE TYPE options, function
-- names and oids).
SELECT t.oid, n.nspname AS schema, t.typname AS name, t.typtype::text AS kind,
       t.typarray AS array_oid,
       (to_jsonb(r) ->> 'rngmultitypid')::oid AS multirange_oid,
       (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
          FROM pg_enum e WHERE e.enumtypid = t.oid) AS labels,
       (SELECT json_agg(json_build_object(
                 'name', a.attname,
                 'type', format_type(a.atttypid, a.atttypmod),
                 'collation', CASE WHEN a.attcollation <> at.typcollation
                                   THEN (SELECT json_build_array(cn.nspname, c.collname)
                                         FROM pg_collation c JOIN pg_namespace cn ON cn.oid = c.collnamespace
                                         WHERE c.oid = a.attcollation) END)
                 ORDER BY a.attnum)
          FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
          WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) AS attributes,
       CASE WHEN t.typtype = 'r' THEN json_build_object(
           'subtype', format_type(r.rngsubtype, NULL),
           'opclass', CASE WHEN NOT oc.opcdefault
                           THEN quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) END,
           'collation', (SELECT json_build_array(cn.nspname, c.collname)
                         FROM pg_collation c JOIN pg_namespace cn ON cn.oid = c.collnamespace
                         WHERE c.oid = r.rngcollation
                           AND r.rngcollation <> (SELECT typcollation FROM pg_type WHERE oid = r.rngsubtype)),
           'canonical', CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::regproc::text END,
           'diff', CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::regproc::text END,
           'multirange', (SELECT quote_ident(mn.nspname) || '.' || quote_ident(m.typname)
                          FROM pg_type m JOIN pg_namespace mn ON mn.oid = m.typnamespace
                          WHERE m.oid = (to_jsonb(r) ->> 'rngmultitypid')::oid)) END AS range,
       CASE WHEN t.typtype = 'd' THEN json_build_object(
           'base', format_type(t.typbasetype, t.typtypmod),
           'collation', (SELECT json_build_array(cn.nspname, c.collname)
                         FROM pg_collation c JOIN pg_namespace cn ON cn.oid = c.collnamespace
                         WHERE c.oid = t.typcollation
                           AND t.typcollation <> (SELECT typcollation FROM pg_type WHERE oid = t.typbasetype)),
           'default', t.typdefault,
           'not_null', t.typnotnull,
           'checks', (SELECT json_agg(json_build_object('oid', c.oid, 'name', c.conname,
                                                        'def', pg_get_constraintdef(c.oid))
                                      ORDER BY c.conname)
                      FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c')) END AS domain,
       t.typisdefined AS defined,
       CASE WHEN t.typtype = 'b' AND t.typisdefined THEN json_build_object(
           'length', t.typlen, 'byvalue', t.typbyval, 'align', t.typalign,
           'storage', t.typstorage, 'category', t.typcategory, 'preferred', t.typispreferred,
           'default', t.typdefault, 'delimiter', t.typdelim, 'collatable', t.typcollation <> 0,
           'element', CASE WHEN t.typelem <> 0 THEN format_type(t.typelem, NULL) END,
           'functions', json_build_object(
               'INPUT', t.typinput::regproc::text, 'OUTPUT', t.typoutput::regproc::text,
               'RECEIVE', nullif(t.typreceive, 0)::regproc::text,
               'SEND', nullif(t.typsend, 0)::regproc::text,
               'TYPMOD_IN', nullif(t.typmodin, 0)::regproc::text,
               'TYPMOD_OUT', nullif(t.typmodout, 0)::regproc::text,
               'ANALYZE', nullif(t.typanalyze, 0)::regproc::text,
               'SUBSCRIPT', nullif((to_jsonb(t) ->> 'typsubscript'), '-')),
           'function_oids', json_build_array(t.typinput::oid, t.typoutput::oid,
               t.typreceive::oid, t.typsend::oid, t.typmodin::oid, t.typmodout::oid,
               t.typanalyze::oid)) END AS base
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_range r ON r.rngtypid = t.oid
LEFT JOIN pg_opclass oc ON oc.oid = r.rngsubopc
LEFT JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND t.typtype IN ('e', 'c', 'r', 'd', 'b', 'p')
  AND (t.typtype <> 'p' OR NOT t.typisdefined)
  AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')
  AND NOT (t.typtype = 'b' AND t.typelem <> 0
           AND EXISTS (SELECT 1 FROM pg_type e WHERE e.oid = t.typelem AND e.typarray = t.oid))
ORDER BY n.nspname, t.typname
