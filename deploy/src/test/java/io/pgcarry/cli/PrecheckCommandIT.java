package io.pgcarry.cli;

import static io.pgcarry.precheck.TestDatabases.database;
import static io.pgcarry.precheck.TestDatabases.source;
import static io.pgcarry.precheck.TestDatabases.target;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.common.PgUri;
import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.deploy.testing.PgcarryCli.Run;
import io.pgcarry.precheck.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PrecheckCommandIT {

  @AfterAll
  static void dropDatabases() throws Exception {
    TestDatabases.dropCreated();
  }

  private static Run pgcarry(String... args) {
    return PgcarryCli.run(args);
  }

  @Test
  void exitsZeroAndPrintsOnlyWarningsAndNotesWhenMigrationCanRun() throws Exception {
    PgUri source = database(source(), "cli_ok_src", "CREATE TABLE t (id int PRIMARY KEY)");
    PgUri target = database(target(), "cli_ok_dst");

    long started = System.nanoTime();
    Run run =
        pgcarry("precheck", "--source", source.toUriString(), "--target", target.toUriString());
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.println("pgcarry precheck took " + millis + " ms");

    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).doesNotContain("ERRORS").contains("precheck passed: 0 errors");
  }

  @Test
  void exitsOneWithJsonReportWhenAnIncludedTableCannotBeMigrated() throws Exception {
    PgUri source =
        database(
            source(),
            "cli_err_src",
            "CREATE TABLE loose (v text)",
            "CREATE TABLE keyed (id int PRIMARY KEY)",
            "CREATE TABLE other (v text)");
    PgUri target = database(target(), "cli_err_dst");

    Run run =
        pgcarry(
            "precheck",
            "--source",
            source.toUriString(),
            "--target",
            target.toUriString(),
            "--include",
            "public.loose",
            "--include",
            "public.keyed",
            "--json");

    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.get("findings"))
        .anySatisfy(
            f -> {
              assertThat(f.get("check").asText()).isEqualTo("replica-identity");
              assertThat(f.get("object").asText()).isEqualTo("public.loose");
              assertThat(f.get("fix").asText())
                  .isEqualTo("ALTER TABLE public.loose REPLICA IDENTITY FULL;");
            })
        .noneSatisfy(f -> assertThat(f.get("object").asText()).isEqualTo("public.other"));
  }

  @Test
  void exitsOneAndExplainsWhenTheSourceIsUnreachable() throws Exception {
    PgUri target = database(target(), "cli_unreachable_dst");

    Run run =
        pgcarry(
            "precheck",
            "--source",
            "postgresql://postgres:postgres@no-such-host.invalid/x",
            "--target",
            target.toUriString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .contains("[connectivity] source: cannot resolve the source host 'no-such-host.invalid'");
  }

  @Test
  void rejectsMalformedPatternAsUsageError() throws Exception {
    Run run =
        pgcarry(
            "precheck",
            "--source",
            source().uri("postgres"),
            "--target",
            target().uri("postgres"),
            "--include",
            "shop.");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("not a table pattern");
  }
}
