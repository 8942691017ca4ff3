-- The connected server and database: version and the settings a new target database copies.
-- No parameters. Columns: version_num, encoding, collate, ctype, locale_provider, icu_locale.
SELECT current_setting('server_version_num')::int AS version_num,
       pg_encoding_to_char(d.encoding) AS encoding,
       d.datcollate AS collate, d.datctype AS ctype,
       to_jsonb(d) ->> 'datlocprovider' AS locale_provider,
       coalesce(to_jsonb(d) ->> 'daticulocale', to_jsonb(d) ->> 'datlocale') AS icu_locale
FROM pg_database d
WHERE d.datname = current_database()
