package io.pgcarry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import org.junit.jupiter.api.Test;

/**
 * Carries the every-object fixture to a newer major version. pg_dump 15 can read a 10 source and a
 * 15 target, so 10 to 15 compares dumps; a 17 target is compared through the schema tool's own
 * reading of both catalogs: a second run must find every object present and matching.
 */
class CrossVersionSchemaIT {

  @Test
  void carriesEveryObjectFromPostgres10To15WithIdenticalDump() throws Exception {
    LocalPostgres source = TestPostgres.server("schema-src", 10);
    LocalPostgres target = TestPostgres.server("schema-dst", 15);
    Fixtures.loadEveryObject(source, "every_10");
    Fixtures.execute(source, "every_10", "DROP FUNCTION fixture.c_eq(text, text)");
    Fixtures.drop(target, "every_from_10");
    SchemaOptions options =
        SchemaOptions.of(
            PgUri.parse(source.uri("every_10")), PgUri.parse(target.uri("every_from_10")));

    SchemaReport report = new SchemaMigrator(options).run(Phase.ALL, false);
    SchemaReport again = new SchemaMigrator(options).run(Phase.ALL, false);

    assertThat(report.created()).hasSizeGreaterThan(60);
    assertThat(again.created()).isEmpty();
    assertThat(again.differing()).isEmpty();
    assertThat(SchemaDump.acrossMajors(SchemaDump.of(target, "every_from_10")))
        .isEqualTo(SchemaDump.acrossMajors(SchemaDump.of(source, "every_10")));
  }

  @Test
  void carriesEveryObjectFromPostgres12To17AndFindsItAllOnARerun() throws Exception {
    LocalPostgres source = TestPostgres.server("schema-src", 12);
    LocalPostgres target = TestPostgres.server("schema-dst", 17);
    Fixtures.loadEveryObject(source, "every_12");
    Fixtures.drop(target, "every_from_12");
    SchemaOptions options =
        SchemaOptions.of(
            PgUri.parse(source.uri("every_12")), PgUri.parse(target.uri("every_from_12")));

    SchemaReport report = new SchemaMigrator(options).run(Phase.ALL, false);
    SchemaReport again = new SchemaMigrator(options).run(Phase.ALL, false);

    assertThat(report.created()).hasSizeGreaterThan(80);
    assertThat(again.created()).isEmpty();
    assertThat(again.differing()).isEmpty();
    assertThat(again.skipped()).hasSize(report.created().size() + report.skipped().size());
  }
}
