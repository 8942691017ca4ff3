-- Connection slots still free for ordinary roles. No parameters.
SELECT current_setting('max_connections')::int
       - current_setting('superuser_reserved_connections')::int
       - (SELECT count(*) FROM pg_stat_activity)::int AS free
