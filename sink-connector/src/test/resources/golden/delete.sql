DELETE FROM public.items AS t USING unnest(?::text[]) AS v(p0) WHERE t.id = CAST(v.p0 AS integer)
