package io.pgcarry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.testing.Datasets;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PagilaSchemaIT {

  private static LocalPostgres source;
  private static LocalPostgres target;

  @BeforeAll
  static void loadPagila() throws Exception {
    source = TestPostgres.server("schema-src", 15);
    target = TestPostgres.server("schema-dst", 15);
    source.recreateDatabase("pagila");
    source.psqlFile("pagila", Datasets.file("pagila", "pagila-schema.sql"));
  }

  @Test
  void preDataThenPostDataReproducesPagilaSchemaExactly() throws Exception {
    dropTarget("pagila_phases");
    SchemaMigrator migrator = new SchemaMigrator(options("pagila_phases"));

    SchemaReport pre = migrator.run(Phase.PRE_DATA, false);
    SchemaReport post = migrator.run(Phase.POST_DATA, false);
    System.out.println(pre.toText() + post.toText());

    assertThat(pre.created()).anyMatch(o -> o.startsWith("TABLE public.payment_p2007_01"));
    assertThat(pre.created())
        .noneMatch(o -> o.startsWith("TRIGGER") || o.startsWith("FOREIGN"))
        .noneMatch(o -> o.startsWith("INDEX public.idx_fk_"))
        .anyMatch(o -> o.startsWith("INDEX public.idx_unq_"));
    assertThat(post.created())
        .allMatch(o -> o.startsWith("TRIGGER") || o.startsWith("FOREIGN") || o.startsWith("INDEX"))
        .anyMatch(o -> o.startsWith("INDEX public.idx_fk_"));
    assertThat(post.created()).isNotEmpty();
    assertThat(SchemaDump.of(target, "pagila_phases")).isEqualTo(SchemaDump.of(source, "pagila"));
  }

  @Test
  void rerunSkipsEverythingAndChangesNothing() throws Exception {
    dropTarget("pagila_rerun");
    SchemaMigrator migrator = new SchemaMigrator(options("pagila_rerun"));
    SchemaReport first = migrator.run(Phase.ALL, false);

    SchemaReport second = migrator.run(Phase.ALL, false);

    assertThat(second.created()).isEmpty();
    assertThat(second.differing()).isEmpty();
    assertThat(second.skipped()).hasSize(first.created().size() + first.skipped().size());
  }

  @Test
  void renamesSchemasAndATableWithEveryDependentObjectFollowing() throws Exception {
    dropTarget("pagila_renamed");
    NameMapping mapping =
        NameMapping.parseJson(
            "{\"schemas\": {\"public\": \"dvd\", \"legacy\": \"archive\"},"
                + " \"tables\": {\"public.actor\": {\"name\": \"performer\"}}}");
    SchemaOptions options =
        new SchemaOptions(
            PgUri.parse(source.uri("pagila")),
            PgUri.parse(target.uri("pagila_renamed")),
            List.of(),
            List.of(),
            mapping,
            false);

    SchemaReport report = new SchemaMigrator(options).run(Phase.ALL, false);
    SchemaReport again = new SchemaMigrator(options).run(Phase.ALL, false);

    assertThat(report.created()).contains("TABLE dvd.performer", "VIEW archive.rental");
    assertThat(again.created()).isEmpty();
    assertThat(again.differing()).isEmpty();
    try (Connection connection = target.connect("pagila_renamed");
        Statement statement = connection.createStatement()) {
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                  + " WHERE n.nspname IN ('public', 'legacy')")) {
        rs.next();
        assertThat(rs.getInt(1)).as("nothing is left under the old schema names").isZero();
      }
      // Defaults find their sequences, views their tables, the materialized view its aggregate.
      statement.execute("INSERT INTO dvd.performer (first_name, last_name) VALUES ('A', 'B')");
      statement.execute("SELECT * FROM dvd.actor_info");
      statement.execute("SELECT * FROM archive.rental");
      statement.execute("REFRESH MATERIALIZED VIEW dvd.nicer_but_slower_film_list");
    }
  }

  private static SchemaOptions options(String targetDatabase) {
    return SchemaOptions.of(
        PgUri.parse(source.uri("pagila")), PgUri.parse(target.uri(targetDatabase)));
  }

  private static void dropTarget(String database) throws Exception {
    try (Connection connection = target.connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }
}
