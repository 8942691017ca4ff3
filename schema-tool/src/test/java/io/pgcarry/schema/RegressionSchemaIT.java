package io.pgcarry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.postgres.LocalPostgres;
import io.pgcarry.common.testing.Datasets;
import io.pgcarry.common.testing.TestPostgres;
import org.junit.jupiter.api.Test;

/**
 * Breadth: PostgreSQL 15's own regression database, every object type and many odd ones. Everything
 * the schema tool selects must be created, and a second run must find it all present and matching.
 */
class RegressionSchemaIT {

  @Test
  void carriesTheRegressionDatabaseAndFindsItAllOnARerun() throws Exception {
    LocalPostgres source = TestPostgres.server("schema-src", 15);
    LocalPostgres target = TestPostgres.server("schema-dst", 15);
    Fixtures.drop(source, "regression");
    Fixtures.execute(source, "postgres", "CREATE DATABASE regression");
    source.psqlFile("regression", Datasets.file("pg-regression-15", "regression_dump.sql"));
    Fixtures.drop(target, "regression_copy");
    SchemaOptions options =
        SchemaOptions.of(
            PgUri.parse(source.uri("regression")), PgUri.parse(target.uri("regression_copy")));

    SchemaReport report = new SchemaMigrator(options).run(Phase.ALL, false);
    SchemaReport again = new SchemaMigrator(options).run(Phase.ALL, false);

    System.out.println(report.toText());
    assertThat(report.created()).hasSizeGreaterThan(1000);
    assertThat(again.created()).isEmpty();
    assertThat(again.differing()).isEmpty();
    SchemaDump.of(source, "regression");
    SchemaDump.of(target, "regression_copy");
  }
}
