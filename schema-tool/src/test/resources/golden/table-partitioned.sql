CREATE UNLOGGED TABLE shop."Order" (
    id bigint NOT NULL GENERATED ALWAYS AS IDENTITY (
        SEQUENCE NAME shop."Order_id_seq"
        START WITH 1
        INCREMENT BY 1
        MINVALUE 1
        MAXVALUE 9223372036854775807
        CACHE 1
        NO CYCLE
    ),
    "select" text COLLATE public."C" DEFAULT 'x'::text,
    gross numeric(12,2) GENERATED ALWAYS AS ((net * 1.2)) STORED,
    net numeric(12,2) NOT NULL,
    CONSTRAINT net_positive CHECK ((net > (0)::numeric))
)
PARTITION BY RANGE (id)
WITH (fillfactor=70);
ALTER SEQUENCE shop."Order_id_seq" SET LOGGED;
ALTER TABLE ONLY shop."Order" ALTER COLUMN net SET STORAGE MAIN;
ALTER TABLE ONLY shop."Order" ALTER COLUMN net SET STATISTICS 500;
ALTER TABLE ONLY shop."Order" REPLICA IDENTITY FULL;
ALTER TABLE shop."Order" ENABLE ROW LEVEL SECURITY;
ALTER TABLE shop."Order" FORCE ROW LEVEL SECURITY;
