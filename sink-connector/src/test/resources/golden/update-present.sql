UPDATE public.items AS t SET name = CAST(v.p1 AS text) FROM unnest(?::text[], ?::text[]) AS v(p0, p1) WHERE t.id = CAST(v.p0 AS integer)
