-- Text search parsers (p), templates (t), dictionaries (d) and configurations (c) created in
-- user schemas, one row each, with what CREATE TEXT SEARCH needs rendered as text.
-- No parameters. Columns: catalog, oid, kind, schema, name, body (the parenthesised option
-- list of CREATE TEXT SEARCH), mappings (configurations: JSON array of [token type, [dictionaries]]).
SELECT 'pg_ts_parser' AS catalog, p.oid, 'p' AS kind, n.nspname AS schema, p.prsname AS name,
       'START = ' || p.prsstart::regproc || ', GETTOKEN = ' || p.prstoken::regproc
       || ', END = ' || p.prsend::regproc || ', LEXTYPES = ' || p.prslextype::regproc
       || CASE WHEN p.prsheadline <> 0 THEN ', HEADLINE = ' || p.prsheadline::regproc ELSE '' END
       AS body, NULL::json AS mappings
FROM pg_ts_parser p JOIN pg_namespace n ON n.oid = p.prsnamespace
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
UNION ALL
SELECT 'pg_ts_template', t.oid, 't', n.nspname, t.tmplname,
       CASE WHEN t.tmplinit <> 0 THEN 'INIT = ' || t.tmplinit::regproc || ', ' ELSE '' END
       || 'LEXIZE = ' || t.tmpllexize::regproc, NULL
FROM pg_ts_template t JOIN pg_namespace n ON n.oid = t.tmplnamespace
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
UNION ALL
SELECT 'pg_ts_dict', d.oid, 'd', n.nspname, d.dictname,
       'TEMPLATE = ' || quote_ident(tn.nspname) || '.' || quote_ident(t.tmplname)
       || coalesce(', ' || d.dictinitoption, ''), NULL
FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace
JOIN pg_ts_template t ON t.oid = d.dicttemplate JOIN pg_namespace tn ON tn.oid = t.tmplnamespace
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
UNION ALL
SELECT 'pg_ts_config', c.oid, 'c', n.nspname, c.cfgname,
       'PARSER = ' || quote_ident(pn.nspname) || '.' || quote_ident(p.prsname),
       (SELECT json_agg(json_build_array(tt.alias, m.dicts) ORDER BY m.maptokentype)
          FROM (SELECT maptokentype,
                       array_agg(quote_ident(dn.nspname) || '.' || quote_ident(d.dictname)
                                 ORDER BY mapseqno) AS dicts
                FROM pg_ts_config_map cm JOIN pg_ts_dict d ON d.oid = cm.mapdict
                JOIN pg_namespace dn ON dn.oid = d.dictnamespace
                WHERE cm.mapcfg = c.oid GROUP BY maptokentype) m
          JOIN ts_token_type(c.cfgparser) tt ON tt.tokid = m.maptokentype)
FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace
JOIN pg_ts_parser p ON p.oid = c.cfgparser JOIN pg_namespace pn ON pn.oid = p.prsnamespace
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
ORDER BY 3, 4, 5
