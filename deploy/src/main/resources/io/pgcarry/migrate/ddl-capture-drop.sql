-- Removes pgcarry's DDL capture of one migration from the source database; the capture schema goes
-- when nothing else is left in it. Placeholders as in ddl-capture.sql.
DROP EVENT TRIGGER IF EXISTS @end_trigger@;
DROP EVENT TRIGGER IF EXISTS @drop_trigger@;
DROP EVENT TRIGGER IF EXISTS @rewrite_trigger@;
DROP FUNCTION IF EXISTS @end_fn@();
DROP FUNCTION IF EXISTS @capture_fn@(text, text);
DROP FUNCTION IF EXISTS @drop_fn@();
DROP FUNCTION IF EXISTS @rewrite_fn@();
DROP FUNCTION IF EXISTS @table_fn@(text, text);
DROP FUNCTION IF EXISTS @schema_fn@(text);
DO $do$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_depend d JOIN pg_namespace n ON d.refobjid = n.oid
                  WHERE d.refclassid = 'pg_namespace'::regclass AND n.nspname = @schema_name@) THEN
    EXECUTE format('DROP SCHEMA IF EXISTS %I', @schema_name@);
  END IF;
END
$do$;
