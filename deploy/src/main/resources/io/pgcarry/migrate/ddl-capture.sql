-- pgcarry's DDL capture on the source database of one migration: event triggers whose functions
-- write each DDL command on the migrated objects into the change stream, as a
-- transactional logical message at the command's place in its transaction, and add a table created
-- (or given a replica identity) in the migrated tables to the publication, with its rows so far.
-- Placeholders, replaced by pgcarry (DdlCapture): @schema@ (the capture schema, quoted),
-- @schema_name@ (its name, literal), @end_fn@, @capture_fn@, @drop_fn@, @rewrite_fn@, @table_fn@, @schema_fn@, @end_trigger@,
-- @drop_trigger@, @rewrite_trigger@ (quoted names), @publication@ (literal), @ddl_prefix@, @rows_prefix@,
-- @rows_end_prefix@ (literals), @include_schemas@, @include_tables@, @exclude_schemas@,
-- @exclude_tables@ (text[] literals of LIKE patterns, pairwise), @set_identity@ (true or false).
CREATE SCHEMA IF NOT EXISTS @schema@;
-- The trigger function runs as whoever ran the command, and calls the capture by its name.
GRANT USAGE ON SCHEMA @schema@ TO PUBLIC;

-- Whether a table is among the migrated tables (--include, --exclude).
CREATE OR REPLACE FUNCTION @table_fn@(s text, t text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT s <> @schema_name@ AND s !~ '^pg_' AND s <> 'information_schema'
     AND (cardinality(@include_schemas@::text[]) = 0
          OR EXISTS (SELECT 1 FROM unnest(@include_schemas@::text[], @include_tables@::text[]) p(ps, pt)
                      WHERE s LIKE ps AND t LIKE pt))
     AND NOT EXISTS (SELECT 1 FROM unnest(@exclude_schemas@::text[], @exclude_tables@::text[]) p(ps, pt)
                      WHERE s LIKE ps AND t LIKE pt)
$fn$;

-- Whether the other objects of a schema (types, functions, views...) are migrated.
CREATE OR REPLACE FUNCTION @schema_fn@(s text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT s IS NOT NULL AND s <> @schema_name@ AND s !~ '^pg_' AND s <> 'information_schema'
     AND (cardinality(@include_schemas@::text[]) = 0
          OR EXISTS (SELECT 1 FROM unnest(@include_schemas@::text[]) ps WHERE s LIKE ps))
     AND NOT EXISTS (SELECT 1 FROM unnest(@exclude_schemas@::text[], @exclude_tables@::text[]) p(ps, pt)
                      WHERE pt = '%' AND s LIKE ps)
$fn$;

-- sql_drop: what a command drops, kept for the command's end.
CREATE OR REPLACE FUNCTION @drop_fn@() RETURNS event_trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  dropped jsonb;
BEGIN
  IF current_setting('pgcarry.capturing', true) = 'on' THEN
    RETURN;
  END IF;
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'type', o.object_type,
           'schema', CASE WHEN o.object_type = 'schema' THEN o.object_name ELSE o.schema_name END,
           'table', CASE WHEN o.object_type IN ('table', 'table column', 'table constraint', 'trigger', 'rule', 'policy')
                         THEN o.address_names[2] END,
           'identity', o.object_identity)), '[]')
    INTO dropped
    FROM pg_event_trigger_dropped_objects() o
   WHERE o.original AND NOT o.is_temporary
     AND CASE
           WHEN o.object_type = 'schema' THEN @schema_fn@(o.object_name)
           WHEN o.object_type IN ('table', 'table column', 'table constraint', 'trigger', 'rule', 'policy')
             THEN @table_fn@(o.address_names[1], o.address_names[2])
           ELSE @schema_fn@(o.schema_name)
         END;
  PERFORM set_config('pgcarry.dropped',
    (coalesce(nullif(current_setting('pgcarry.dropped', true), ''), '[]')::jsonb || dropped)::text, true);
END
$fn$;

-- table_rewrite: a table whose rows a command rewrites with values computed by a volatile default
-- (ADD COLUMN ... DEFAULT random(), say), which the target would compute otherwise.
CREATE OR REPLACE FUNCTION @rewrite_fn@() RETURNS event_trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  IF current_setting('pgcarry.capturing', true) = 'on'
     OR pg_event_trigger_table_rewrite_reason() & 2 = 0 THEN
    RETURN;
  END IF;
  PERFORM set_config('pgcarry.rewritten',
    concat_ws(',', nullif(current_setting('pgcarry.rewritten', true), ''),
              pg_event_trigger_table_rewrite_oid()::text), true);
END
$fn$;

-- ddl_command_end, as the role that ran the command: its session's search_path, for the capture.
CREATE OR REPLACE FUNCTION @end_fn@() RETURNS event_trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM @capture_fn@(pg_catalog.current_setting('search_path'), tg_tag);
END
$fn$;

-- The command into the stream, new tables into the publication, as the capture's owner.
CREATE OR REPLACE FUNCTION @capture_fn@(session_path text, tg_tag text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  r record;
  c record;
  objects jsonb := '[]';
  dropped jsonb;
  rel oid;
  rel_name text;
  rel_schema text;
  published boolean;
  identity_ok boolean;
  joining oid[] := '{}';
  rewritten oid[];
  resync oid[] := '{}';
  missing jsonb;
  extra text[] := '{}';
  statement text;
  counter text;
  ordinal int;
  snap text;
  cols jsonb;
  expr text;
  total bigint;
  chunk int;
  j oid;
BEGIN
  IF current_setting('pgcarry.capturing', true) = 'on'
     OR tg_tag IN ('GRANT', 'REVOKE', 'ALTER DEFAULT PRIVILEGES', 'SECURITY LABEL') THEN
    -- Privileges and labels are the operator's to carry (pgcarry schema --privileges).
    RETURN;
  END IF;
  dropped := coalesce(nullif(current_setting('pgcarry.dropped', true), ''), '[]')::jsonb;
  PERFORM set_config('pgcarry.dropped', '', true);
  rewritten := string_to_array(nullif(current_setting('pgcarry.rewritten', true), ''), ',')::oid[];
  PERFORM set_config('pgcarry.rewritten', '', true);
  FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
    CONTINUE WHEN r.in_extension OR coalesce(r.schema_name, '') ~ '^pg_(temp|toast)';
    rel := CASE
      WHEN r.classid = 'pg_class'::regclass AND r.object_type IN ('table', 'table column') THEN r.objid
      WHEN r.classid = 'pg_class'::regclass AND r.object_type = 'index'
        THEN (SELECT indrelid FROM pg_index WHERE indexrelid = r.objid)
      WHEN r.classid = 'pg_constraint'::regclass
        THEN (SELECT nullif(conrelid, 0) FROM pg_constraint WHERE oid = r.objid)
      WHEN r.classid = 'pg_trigger'::regclass THEN (SELECT tgrelid FROM pg_trigger WHERE oid = r.objid)
      WHEN r.classid = 'pg_rewrite'::regclass THEN (SELECT ev_class FROM pg_rewrite WHERE oid = r.objid)
      WHEN r.classid = 'pg_policy'::regclass THEN (SELECT polrelid FROM pg_policy WHERE oid = r.objid)
    END;
    rel_name := NULL;
    rel_schema := NULL;
    IF rel IS NOT NULL THEN
      SELECT cl.relname, n.nspname INTO rel_name, rel_schema
        FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace
       WHERE cl.oid = rel AND cl.relkind IN ('r', 'p') AND cl.relpersistence = 'p';
    END IF;
    published := rel_name IS NOT NULL AND EXISTS (
      SELECT 1 FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid
       WHERE p.pubname = @publication@ AND pr.prrelid = rel);
    IF rel_name IS NOT NULL THEN
      CONTINUE WHEN NOT (published OR @table_fn@(rel_schema, rel_name));
    ELSIF r.object_type = 'schema' THEN
      CONTINUE WHEN NOT @schema_fn@(trim(both '"' from r.object_identity));
    ELSE
      CONTINUE WHEN rel IS NOT NULL OR NOT @schema_fn@(r.schema_name);
    END IF;
    -- A column added with a default that is not immutable (now(), current_user...) holds, in the
    -- rows that existed, the value the source computed once: the target must not compute its own.
    missing := NULL;
    IF rel_name IS NOT NULL AND r.object_type = 'table' AND tg_tag = 'ALTER TABLE' THEN
      SELECT jsonb_agg(jsonb_build_object('column', a.attname,
                                          'type', format_type(a.atttypid, a.atttypmod),
                                          'value', a.attmissingval::text))
        INTO missing
        FROM pg_attribute a
       WHERE a.attrelid = rel AND a.atthasmissing AND NOT a.attisdropped;
    END IF;
    IF rel_name IS NOT NULL AND published AND rel = ANY (coalesce(rewritten, '{}')) AND NOT rel = ANY (resync) THEN
      resync := resync || rel;
    END IF;
    objects := objects || jsonb_build_object(
      'type', r.object_type,
      'schema', CASE WHEN r.object_type = 'schema' THEN trim(both '"' from r.object_identity)
                     ELSE coalesce(rel_schema, r.schema_name) END,
      'table', rel_name,
      'identity', r.object_identity,
      'missing', missing);
    IF rel_name IS NOT NULL AND r.object_type = 'table' AND NOT published AND NOT rel = ANY (joining) THEN
      -- A migrated table not streamed yet joins the stream once it has a replica identity.
      SELECT cl.relreplident = 'f'
             OR (cl.relreplident = 'd' AND EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = rel AND i.indisprimary))
             OR (cl.relreplident = 'i' AND EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = rel AND i.indisreplident))
        INTO identity_ok FROM pg_class cl WHERE cl.oid = rel;
      IF NOT identity_ok AND @set_identity@ THEN
        PERFORM set_config('pgcarry.capturing', 'on', true);
        EXECUTE format('ALTER TABLE %I.%I REPLICA IDENTITY FULL', rel_schema, rel_name);
        PERFORM set_config('pgcarry.capturing', 'off', true);
        extra := extra || format('ALTER TABLE %I.%I REPLICA IDENTITY FULL', rel_schema, rel_name);
        identity_ok := true;
      END IF;
      IF identity_ok THEN
        PERFORM set_config('pgcarry.capturing', 'on', true);
        EXECUTE format('ALTER PUBLICATION %I ADD TABLE %I.%I', @publication@, rel_schema, rel_name);
        PERFORM set_config('pgcarry.capturing', 'off', true);
        joining := joining || rel;
      END IF;
    END IF;
    IF tg_tag IN ('CREATE TABLE AS', 'SELECT INTO') AND rel_name IS NOT NULL AND r.object_type = 'table' THEN
      -- The query ran on the source's rows; the target gets the empty table, and the rows follow.
      SELECT format('CREATE TABLE %I.%I (%s)', rel_schema, rel_name,
                    string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', ' ORDER BY a.attnum))
        INTO statement
        FROM pg_attribute a WHERE a.attrelid = rel AND a.attnum > 0 AND NOT a.attisdropped;
    END IF;
  END LOOP;
  IF jsonb_array_length(objects) = 0 AND jsonb_array_length(dropped) = 0 THEN
    RETURN;
  END IF;
  counter := 'pgcarry.n' || md5(statement_timestamp()::text || current_query() || tg_tag);
  ordinal := coalesce(nullif(current_setting(counter, true), '')::int, 0) + 1;
  PERFORM set_config(counter, ordinal::text, true);
  PERFORM pg_logical_emit_message(true, @ddl_prefix@, jsonb_build_object(
    'tag', tg_tag,
    'query', current_query(),
    'ordinal', ordinal,
    'statement', statement,
    'search_path', session_path,
    'objects', objects,
    'dropped', dropped,
    'published', (SELECT coalesce(jsonb_agg(jsonb_build_array(pt.schemaname, pt.tablename)), '[]')
                    FROM pg_publication_tables pt WHERE pt.pubname = @publication@))::text);
  FOREACH statement IN ARRAY extra LOOP
    PERFORM pg_logical_emit_message(true, @ddl_prefix@, jsonb_build_object(
      'tag', 'ALTER TABLE', 'query', statement, 'ordinal', 1, 'statement', statement,
      'search_path', session_path, 'objects', objects, 'dropped', '[]'::jsonb,
      'published', (SELECT coalesce(jsonb_agg(jsonb_build_array(pt.schemaname, pt.tablename)), '[]')
                      FROM pg_publication_tables pt WHERE pt.pubname = @publication@))::text);
  END LOOP;
  -- The rows a joining table holds were committed before it joined (its lock keeps writers out
  -- until this transaction ends): they go into the stream here, in COPY text. So do the rows of a
  -- table rewritten with a volatile default, which the target cannot compute alike.
  FOREACH j IN ARRAY joining || resync LOOP
    SELECT cl.relname, n.nspname INTO rel_name, rel_schema
      FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE cl.oid = j;
    snap := pg_current_wal_insert_lsn()::text;
    SELECT jsonb_agg(a.attname ORDER BY a.attnum),
           string_agg(format('coalesce(replace(replace(replace(replace(%I::text, %L, %L), chr(10), %L), chr(13), %L), chr(9), %L), %L)',
                             a.attname, '\', '\\', '\n', '\r', '\t', '\N'), ' || chr(9) || ' ORDER BY a.attnum)
      INTO cols, expr
      FROM pg_attribute a
     WHERE a.attrelid = j AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '';
    total := 0;
    chunk := 0;
    IF expr IS NOT NULL THEN
      FOR c IN EXECUTE format(
          'SELECT string_agg(line, chr(10)) || chr(10) AS data, count(*) AS n'
          ' FROM (SELECT %s AS line, (row_number() OVER () - 1) / 500 AS g FROM ONLY %I.%I) x'
          ' GROUP BY g ORDER BY g', expr, rel_schema, rel_name) LOOP
        chunk := chunk + 1;
        total := total + c.n;
        PERFORM pg_logical_emit_message(true, @rows_prefix@,
          jsonb_build_object('schema', rel_schema, 'table', rel_name, 'columns', cols,
                             'rows', c.n, 'chunk', chunk, 'snapshot', snap)::text || chr(10) || c.data);
      END LOOP;
    END IF;
    PERFORM pg_logical_emit_message(true, @rows_end_prefix@,
      jsonb_build_object('schema', rel_schema, 'table', rel_name, 'rows', total, 'snapshot', snap)::text);
  END LOOP;
END
$fn$;

DROP EVENT TRIGGER IF EXISTS @drop_trigger@;
CREATE EVENT TRIGGER @drop_trigger@ ON sql_drop EXECUTE FUNCTION @drop_fn@();
DROP EVENT TRIGGER IF EXISTS @end_trigger@;
CREATE EVENT TRIGGER @end_trigger@ ON ddl_command_end EXECUTE FUNCTION @end_fn@();
DROP EVENT TRIGGER IF EXISTS @rewrite_trigger@;
CREATE EVENT TRIGGER @rewrite_trigger@ ON table_rewrite EXECUTE FUNCTION @rewrite_fn@();
