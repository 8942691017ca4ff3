package io.pgcarry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.testing.Datasets;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
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
