package io.pgcarry.precheck;

import static io.pgcarry.precheck.TestDatabases.about;
import static io.pgcarry.precheck.TestDatabases.database;
import static io.pgcarry.precheck.TestDatabases.precheck;
import static io.pgcarry.precheck.TestDatabases.source;
import static io.pgcarry.precheck.TestDatabases.target;
import static io.pgcarry.precheck.TestDatabases.the;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.testing.Datasets;
import io.pgcarry.local.LocalPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The precheck over real schemas: Pagila, and PostgreSQL's own regression database. */
class PrecheckDatasetIT {

  /**
   * Drops the big databases while the test runs, so the shared servers' shutdown at JVM exit has
   * little to write and delete.
   */
  @AfterAll
  static void dropDatasets() throws Exception {
    TestDatabases.dropCreated();
  }

  private static PrecheckReport timed(String name, PgUri source, PgUri target) {
    long started = System.nanoTime();
    PrecheckReport report = precheck(source, target);
    System.out.printf(
        "precheck of %s took %d ms: %s%n",
        name, (System.nanoTime() - started) / 1_000_000, report.summary());
    return report;
  }

  @Test
  void findsPagilasTablesWithoutReplicaIdentityAndNothingElseFatal() throws Exception {
    LocalPostgres server = source();
    PgUri source = database(server, "pagila");
    server.psqlFile("pagila", Datasets.file("pagila", "pagila-schema.sql"));
    server.psqlFile("pagila", Datasets.file("pagila", "pagila-data.sql"));
    PgUri target = database(target(), "pagila_dst");

    PrecheckReport report = timed("pagila", source, target);

    assertThat(report.at(Level.ERROR))
        .as(report.toText())
        .extracting(Finding::object)
        .containsExactly(
            "public.country", "public.payment_p0000_default", "public.payment_p2007_07_max");
    assertThat(the(report, Level.ERROR, "replica-identity", "public.country").fixSql())
        .contains("ALTER TABLE public.country REPLICA IDENTITY USING INDEX country_pkey;");
    // Two partitions of payment were attached without the primary key the others have.
    assertThat(
            the(report, Level.ERROR, "replica-identity", "public.payment_p0000_default").fixSql())
        .contains("ALTER TABLE public.payment_p0000_default REPLICA IDENTITY FULL;");
    assertThat(report.findings()).noneMatch(f -> f.message().contains("could not run"));
  }

  @Test
  void runsEveryCheckOverTheRegressionDatabasesTortureSchema() throws Exception {
    LocalPostgres server = source();
    PgUri source = database(server, "regression");
    server.psqlFile("regression", Datasets.file("pg-regression-15", "regression_dump.sql"));
    PgUri target = database(target(), "regression_dst");

    PrecheckReport report = timed("the regression database", source, target);

    assertThat(report.findings())
        .as(report.toText())
        .noneMatch(f -> f.message().contains("could not run"));
    assertThat(the(report, Level.WARNING, "large-objects", "source database regression").message())
        .contains("holds 3 large objects");
    assertThat(report.at(Level.WARNING))
        .filteredOn(f -> f.check().equals("unlogged-tables"))
        .hasSize(4);
    assertThat(report.at(Level.WARNING))
        .filteredOn(f -> f.check().equals("keyless-tables"))
        .hasSizeGreaterThan(100);
    assertThat(report.at(Level.INFO)).anyMatch(f -> f.check().equals("generated-columns"));
    assertThat(report.at(Level.ERROR))
        .filteredOn(f -> f.check().equals("replica-identity"))
        .hasSize(463);
    assertThat(about(report, "version", "target")).isEmpty();
  }
}
