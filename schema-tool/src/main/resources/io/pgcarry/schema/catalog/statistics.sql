-- Extended statistics objects (CREATE STATISTICS) on tables in user schemas.
-- No parameters. Columns: oid, schema, name, table_oid, table_schema, table_name,
-- definition (pg_get_statisticsobjdef), target (statistics target when set, else null).
SELECT s.oid, n.nspname AS schema, s.stxname AS name, s.stxrelid AS table_oid,
       tn.nspname AS table_schema, t.relname AS table_name,
       pg_get_statisticsobjdef(s.oid) AS definition,
       CASE WHEN (to_jsonb(s) ->> 'stxstattarget')::int >= 0
            THEN (to_jsonb(s) ->> 'stxstattarget')::int END AS target
FROM pg_statistic_ext s
JOIN pg_namespace n ON n.oid = s.stxnamespace
JOIN pg_class t ON t.oid = s.stxrelid
JOIN pg_namespace tn ON tn.oid = t.relnamespace
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
ORDER BY n.nspname, s.stxname
