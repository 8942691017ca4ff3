-- On a replica's target: records when each pgbench_history row becomes visible. The trigger is a
-- deferred constraint trigger, so it fires as the applying transaction commits, and ENABLE ALWAYS,
-- so it fires for replication appliers too (they run with session_replication_role = replica).
-- https://www.postgresql.org/docs/current/sql-createtrigger.html
-- The schema is the target's own: no source table, so verification does not compare it.
-- No parameters.
CREATE SCHEMA IF NOT EXISTS pgcarry_bench;
CREATE TABLE IF NOT EXISTS pgcarry_bench.seen (mtime timestamp NOT NULL, seen timestamptz NOT NULL);
CREATE OR REPLACE FUNCTION pgcarry_bench.record_seen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pgcarry_bench.seen (mtime, seen) VALUES (NEW.mtime, clock_timestamp());
  RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS pgcarry_bench_seen ON public.pgbench_history;
CREATE CONSTRAINT TRIGGER pgcarry_bench_seen AFTER INSERT ON public.pgbench_history
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pgcarry_bench.record_seen();
ALTER TABLE public.pgbench_history ENABLE ALWAYS TRIGGER pgcarry_bench_seen;
