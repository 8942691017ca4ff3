package io.pgcarry.precheck;

import static io.pgcarry.precheck.TestDatabases.about;
import static io.pgcarry.precheck.TestDatabases.database;
import static io.pgcarry.precheck.TestDatabases.precheck;
import static io.pgcarry.precheck.TestDatabases.source;
import static io.pgcarry.precheck.TestDatabases.target;
import static io.pgcarry.precheck.TestDatabases.the;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.mapping.NameMapping;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The precheck reads the name mapping against the source catalog and the target's tables. */
class PrecheckMappingIT {

  private static final String MAPPING =
      """
      {"schemas": {"shop": "store"},
       "tables": {
         "shop.customer": {"name": "client", "exclude_columns": ["id", "secret"]},
         "shop.orders": {"include_columns": ["id", "total"], "columns": {"totl": "x"}},
         "shop.audit": {"exclude_columns": ["note"]},
         "shop.ghost": {"name": "spirit"},
         "shop.items": {"name": "lines"}}}
      """;

  @AfterAll
  static void dropDatabases() throws Exception {
    TestDatabases.dropCreated();
  }

  @Test
  void refusesMisspeltNamesSubsetsWithoutTheReplicaIdentityAndTwoTablesUnderOneName()
      throws Exception {
    PgUri source =
        database(
            source(),
            "mapping_src",
            "CREATE SCHEMA shop",
            "CREATE TABLE shop.customer (id int PRIMARY KEY, name text, secret text)",
            "CREATE TABLE shop.orders (id int PRIMARY KEY, total numeric, note text)",
            "CREATE TABLE shop.items (id int PRIMARY KEY)",
            "CREATE TABLE shop.lines (id int PRIMARY KEY)",
            "CREATE TABLE shop.audit (at timestamptz, note text)",
            "ALTER TABLE shop.audit REPLICA IDENTITY FULL");
    PgUri target =
        database(
            target(),
            "mapping_dst",
            "CREATE SCHEMA store",
            "CREATE TABLE store.client (id int PRIMARY KEY, name text)");

    PrecheckReport report =
        precheck(
            source,
            target,
            PrecheckSettings.defaults().withMapping(NameMapping.parseJson(MAPPING)));

    assertThat(the(report, Level.ERROR, "mapping", "shop.customer").message())
        .contains("leaves out id, part of the table's replica identity (its primary key)");
    assertThat(the(report, Level.ERROR, "mapping", "shop.orders").message())
        .contains("columns the table does not have: totl");
    assertThat(the(report, Level.ERROR, "mapping", "shop.ghost").message())
        .contains("the source database does not have");
    assertThat(the(report, Level.ERROR, "mapping", "store.lines").message())
        .contains("both shop.items and shop.lines");
    assertThat(the(report, Level.INFO, "mapping", "shop.audit").message())
        .contains("finds the rows to update and delete by the carried columns");
    assertThat(about(report, "target-tables", "store.client"))
        .as("the existing table is found under its target name")
        .hasSize(1);
    assertThat(about(report, "target-columns", "store.client"))
        .as("the left-out column is not required on the target")
        .isEmpty();
  }

  @Test
  void notesThatTheSourceMustNotBeWrittenWithoutStreaming() throws Exception {
    PgUri source = database(source(), "snapshot_src", "CREATE TABLE t (id int PRIMARY KEY)");
    PgUri target = database(target(), "snapshot_dst");

    PrecheckReport streaming = precheck(source, target);
    PrecheckReport snapshot =
        precheck(source, target, PrecheckSettings.defaults().withoutStreaming());

    assertThat(about(streaming, "no-streaming", "source database snapshot_src")).isEmpty();
    assertThat(
            the(snapshot, Level.WARNING, "no-streaming", "source database snapshot_src").message())
        .contains("must not write to the source");
  }
}
