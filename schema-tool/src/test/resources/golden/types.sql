CREATE TYPE fixture.mood AS ENUM ('sad', 'it''s complicated');
CREATE TYPE fixture.pair AS (
    "left" integer,
    "Right Value" text COLLATE fixture.posix
);
CREATE TYPE fixture.floatrange AS RANGE (
    subtype = double precision,
    multirange_type_name = fixture.float_multi,
    subtype_diff = float8mi
);
CREATE DOMAIN fixture.positive AS integer DEFAULT 1 NOT NULL
    CONSTRAINT positive_check CHECK ((VALUE > 0));
