-- Operator families and classes created in the database, with their members: an operator or
-- support function belongs to a class when pg_depend ties it to the class internally, else it
-- is a loose member of the family (ALTER OPERATOR FAMILY ... ADD).
-- No parameters. Columns: catalog (pg_opfamily or pg_opclass), oid, schema, name, method,
-- family (qualified, classes only), type (classes: indexed type), is_default, storage (key type or
-- null), members (JSON array of {catalog, oid, item}), where item is OPERATOR n op(l, r) or
-- FUNCTION n (l, r) f(args).
WITH members AS (
  SELECT 'pg_amop' AS catalog, o.oid, o.amopfamily AS family,
         'OPERATOR ' || o.amopstrategy || ' ' || quote_ident(opn.nspname) || '.' || op.oprname
         || '(' || format_type(o.amoplefttype, NULL) || ', ' || format_type(o.amoprighttype, NULL) || ')'
         || CASE WHEN o.amoppurpose = 'o' THEN ' FOR ORDER BY '
                   || quote_ident(sfn.nspname) || '.' || quote_ident(sf.opfname) ELSE '' END AS item,
         (SELECT d.refobjid FROM pg_depend d WHERE d.classid = 'pg_amop'::regclass
            AND d.objid = o.oid AND d.refclassid = 'pg_opclass'::regclass AND d.deptype = 'i')
           AS class
  FROM pg_amop o
  JOIN pg_operator op ON op.oid = o.amopopr JOIN pg_namespace opn ON opn.oid = op.oprnamespace
  LEFT JOIN pg_opfamily sf ON sf.oid = o.amopsortfamily
  LEFT JOIN pg_namespace sfn ON sfn.oid = sf.opfnamespace
  UNION ALL
  SELECT 'pg_amproc', p.oid, p.amprocfamily,
         'FUNCTION ' || p.amprocnum || ' (' || format_type(p.amproclefttype, NULL) || ', '
         || format_type(p.amprocrighttype, NULL) || ') ' || p.amproc::regprocedure::text,
         (SELECT d.refobjid FROM pg_depend d WHERE d.classid = 'pg_amproc'::regclass
            AND d.objid = p.oid AND d.refclassid = 'pg_opclass'::regclass AND d.deptype = 'i')
  FROM pg_amproc p
)
SELECT 'pg_opfamily' AS catalog, f.oid, n.nspname AS schema, f.opfname AS name,
       am.amname AS method, NULL AS family, NULL AS type, false AS is_default, NULL AS storage,
       (SELECT json_agg(json_build_object('catalog', m.catalog, 'oid', m.oid, 'item', m.item)
                        ORDER BY m.catalog DESC, m.item)
          FROM members m WHERE m.family = f.oid AND m.class IS NULL) AS members
FROM pg_opfamily f
JOIN pg_namespace n ON n.oid = f.opfnamespace JOIN pg_am am ON am.oid = f.opfmethod
WHERE f.oid >= 16384
UNION ALL
SELECT 'pg_opclass', c.oid, n.nspname, c.opcname, am.amname,
       quote_ident(fn.nspname) || '.' || quote_ident(f.opfname),
       format_type(c.opcintype, NULL), c.opcdefault,
       CASE WHEN c.opckeytype <> 0 THEN format_type(c.opckeytype, NULL) END,
       (SELECT json_agg(json_build_object('catalog', m.catalog, 'oid', m.oid, 'item', m.item)
                        ORDER BY m.catalog DESC, m.item)
          FROM members m WHERE m.class = c.oid)
FROM pg_opclass c
JOIN pg_namespace n ON n.oid = c.opcnamespace JOIN pg_am am ON am.oid = c.opcmethod
JOIN pg_opfamily f ON f.oid = c.opcfamily JOIN pg_namespace fn ON fn.oid = f.opfnamespace
WHERE c.oid >= 16384
ORDER BY 1 DESC, 3, 4
