-- Server settings by name, with the unit their value is counted in.
-- Parameters: 1 = text[] of setting names. Names the server does not know are left out.
-- Columns: name, setting, unit (null when unitless).
SELECT name, setting, unit
FROM pg_catalog.pg_settings
WHERE name = ANY (?)
