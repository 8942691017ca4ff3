CREATE AGGREGATE public.group_concat(text) (
    SFUNC = public._group_concat,
    STYPE = text
);
CREATE AGGREGATE fixture.median(ORDER BY double precision) (
    SFUNC = fixture.acc,
    STYPE = double precision[],
    FINALFUNC = fixture.pick,
    FINALFUNC_MODIFY = SHAREABLE,
    INITCOND = '{}',
    PARALLEL = safe
);
CREATE OPERATOR fixture.~= (
    FUNCTION = fixture.approx_eq,
    LEFTARG = double precision,
    RIGHTARG = double precision,
    COMMUTATOR = OPERATOR(fixture.~=),
    RESTRICT = eqsel,
    JOIN = eqjoinsel
);
CREATE COLLATION fixture.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION fixture.posix (provider = libc, lc_collate = 'POSIX', lc_ctype = 'POSIX');
