-- Whether a publication exists. Parameter: the publication name.
SELECT count(*) > 0 FROM pg_publication WHERE pubname = ?
