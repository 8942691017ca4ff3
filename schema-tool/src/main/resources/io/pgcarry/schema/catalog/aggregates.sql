-- Aggregates in user schemas with their support functions as qualified names.
-- No parameters. Columns: oid, schema, name, identity_args, row (pg_aggregate as JSON, with
-- support functions, types and sort operator rendered as text).
SELECT p.oid, n.nspname AS schema, p.proname AS name,
       pg_get_function_identity_arguments(p.oid) AS identity_args,
       (to_jsonb(a) || jsonb_build_object(
           'sfunc', a.aggtransfn::regproc::text,
           'stype', format_type(a.aggtranstype, NULL),
           'finalfunc', CASE WHEN a.aggfinalfn <> 0 THEN a.aggfinalfn::regproc::text END,
           'combinefunc', CASE WHEN a.aggcombinefn <> 0 THEN a.aggcombinefn::regproc::text END,
           'serialfunc', CASE WHEN a.aggserialfn <> 0 THEN a.aggserialfn::regproc::text END,
           'deserialfunc', CASE WHEN a.aggdeserialfn <> 0 THEN a.aggdeserialfn::regproc::text END,
           'msfunc', CASE WHEN a.aggmtransfn <> 0 THEN a.aggmtransfn::regproc::text END,
           'minvfunc', CASE WHEN a.aggminvtransfn <> 0 THEN a.aggminvtransfn::regproc::text END,
           'mfinalfunc', CASE WHEN a.aggmfinalfn <> 0 THEN a.aggmfinalfn::regproc::text END,
           'mstype', CASE WHEN a.aggmtranstype <> 0 THEN format_type(a.aggmtranstype, NULL) END,
           'sortop', CASE WHEN a.aggsortop <> 0 THEN
               (SELECT 'OPERATOR(' || quote_ident(on2.nspname) || '.' || o.oprname || ')'
                FROM pg_operator o JOIN pg_namespace on2 ON on2.oid = o.oprnamespace
                WHERE o.oid = a.aggsortop) END,
           'parallel', p.proparallel::text,
           'strict', p.proisstrict))::text AS row
FROM pg_aggregate a
JOIN pg_proc p ON p.oid = a.aggfnoid
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
ORDER BY n.nspname, p.proname, identity_args
