package io.pgcarry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EveryObjectSchemaIT {

  private static LocalPostgres source;
  private static LocalPostgres target;

  @BeforeAll
  static void servers() {
    source = TestPostgres.server("schema-src", 15);
    target = TestPostgres.server("schema-dst", 15);
  }

  @Test
  void reproducesEveryObjectTypeExactlyButTheCFunction() throws Exception {
    Fixtures.loadEveryObject(source, "every_all");
    Fixtures.drop(target, "every_all_copy");

    SchemaReport report =
        new SchemaMigrator(options("every_all", "every_all_copy", false)).run(Phase.ALL, false);

    assertThat(report.unsupported())
        .extracting(u -> u.description())
        .containsExactly("FUNCTION fixture.c_eq(text, text)");
    Fixtures.execute(source, "every_all", "DROP FUNCTION fixture.c_eq(text, text)");
    assertThat(SchemaDump.of(target, "every_all_copy"))
        .isEqualTo(SchemaDump.of(source, "every_all"));
  }

  @Test
  void createsForeignKeysNotValidAndValidatesThemLater() throws Exception {
    Fixtures.loadEveryObject(source, "every_fk");
    Fixtures.execute(source, "every_fk", "DROP FUNCTION fixture.c_eq(text, text)");
    Fixtures.drop(target, "every_fk_copy");
    SchemaMigrator migrator = new SchemaMigrator(options("every_fk", "every_fk_copy", true));
    migrator.run(Phase.PRE_DATA, false);
    migrator.run(Phase.POST_DATA, false);
    assertThat(SchemaDump.of(target, "every_fk_copy"))
        .contains(
            "FOREIGN KEY (account_id) REFERENCES fixture.account(id) ON DELETE CASCADE"
                + " NOT VALID;");

    List<String> validated = migrator.validateForeignKeys();

    assertThat(validated).contains("member_account_fk ON fixture.member");
    assertThat(migrator.validateForeignKeys()).isEmpty();
    assertThat(SchemaDump.of(target, "every_fk_copy")).isEqualTo(SchemaDump.of(source, "every_fk"));
  }

  @Test
  void validatesAForeignKeyWhoseNameReadsLikeATableReference() throws Exception {
    source.recreateDatabase("every_fk_on");
    Fixtures.execute(
        source,
        "every_fk_on",
        "CREATE TABLE parent (id int PRIMARY KEY);"
            + " CREATE TABLE \"x ON y\" (id int PRIMARY KEY, parent int);"
            + " ALTER TABLE \"x ON y\" ADD CONSTRAINT \"a ON b\" FOREIGN KEY (parent)"
            + " REFERENCES parent (id);"
            + " INSERT INTO parent VALUES (1); INSERT INTO \"x ON y\" VALUES (1, 1)");
    Fixtures.drop(target, "every_fk_on_copy");
    SchemaMigrator migrator = new SchemaMigrator(options("every_fk_on", "every_fk_on_copy", true));
    migrator.run(Phase.ALL, false);

    List<String> validated = migrator.validateForeignKeys();

    assertThat(validated).containsExactly("\"a ON b\" ON public.\"x ON y\"");
    assertThat(SchemaDump.of(target, "every_fk_on_copy"))
        .isEqualTo(SchemaDump.of(source, "every_fk_on"));
  }

  @Test
  void dryRunPrintsTheScriptInDependencyOrderAndCreatesNothing() throws Exception {
    Fixtures.loadEveryObject(source, "every_dry");
    Fixtures.drop(target, "every_dry_copy");

    SchemaReport report =
        new SchemaMigrator(options("every_dry", "every_dry_copy", false)).run(Phase.ALL, true);

    String script = report.script();
    assertThat(script.indexOf("CREATE SCHEMA fixture"))
        .isLessThan(script.indexOf("CREATE TYPE fixture.mood"));
    assertThat(script.indexOf("CREATE TABLE fixture.account"))
        .isLessThan(script.indexOf("CREATE VIEW fixture.happy_accounts"));
    assertThat(script.indexOf("CREATE VIEW fixture.account_summary"))
        .isLessThan(script.indexOf("CREATE VIEW fixture.summary_of_summary"));
    // Non-unique indexes are post-data, built after the load.
    assertThat(script.indexOf("CREATE TRIGGER account_touch"))
        .isLessThan(script.indexOf("CREATE INDEX measurement_2024_logdate"));
    try (var connection = target.connect("postgres");
        var rs =
            connection
                .createStatement()
                .executeQuery("SELECT 1 FROM pg_database WHERE datname = 'every_dry_copy'")) {
      assertThat(rs.next()).as("target database created by a dry run").isFalse();
    }
  }

  private static SchemaOptions options(String from, String to, boolean deferForeignKeys) {
    return new SchemaOptions(
        PgUri.parse(source.uri(from)),
        PgUri.parse(target.uri(to)),
        List.of(),
        List.of(),
        NameMapping.IDENTITY,
        deferForeignKeys);
  }
}
