package io.pgcarry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.deploy.testing.PgcarryCli.Run;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.schema.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code pgcarry schema} on the command line: output, JSON report and exit codes. */
class SchemaCommandIT {

  private static LocalPostgres source;
  private static LocalPostgres target;

  @BeforeAll
  static void loadShop() throws Exception {
    source = TestPostgres.server("schema-src", 15);
    target = TestPostgres.server("schema-dst", 15);
    source.recreateDatabase("cli_shop");
    source.psqlFile("cli_shop", Fixtures.resourceFile("/mapping/shop.sql"));
  }

  @Test
  void dryRunPrintsTheScriptAndExitsZero() throws Exception {
    Fixtures.drop(target, "cli_dry");
    Run run = run("--phase", "pre-data", "--dry-run", "--target", target.uri("cli_dry"));

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("CREATE SCHEMA shop;", "CREATE VIEW shop.big_orders AS");
    assertThat(run.out()).doesNotContain("FOREIGN KEY");
    assertThat(run.err()).contains("Would create");
  }

  @Test
  void appliesBothPhasesAndReportsJsonThenFindsEverythingOnARerun() throws Exception {
    Fixtures.drop(target, "cli_all");
    Run first = run("--phase", "all", "--json", "--target", target.uri("cli_all"));
    Run second = run("--phase", "all", "--json", "--target", target.uri("cli_all"));

    assertThat(first.code()).isZero();
    JsonNode report = new ObjectMapper().readTree(second.out());
    assertThat(report.path("created")).isEmpty();
    assertThat(report.path("skipped").size()).isGreaterThan(5);
    assertThat(second.code()).isZero();
  }

  @Test
  void exitsOneWhenTheTargetHasADifferentDefinition() throws Exception {
    Fixtures.drop(target, "cli_differs");
    Fixtures.execute(target, "postgres", "CREATE DATABASE cli_differs");
    Fixtures.execute(target, "cli_differs", "CREATE SCHEMA shop");
    Fixtures.execute(target, "cli_differs", "CREATE TABLE shop.orders (id bigint)");

    Run run = run("--phase", "pre-data", "--target", target.uri("cli_differs"));

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains("differs on the target: TABLE shop.orders")
        .contains("not created: VIEW shop.big_orders, because TABLE shop.orders is not as");
  }

  @Test
  void rejectsAnUnknownPhaseWithUsageExitCode() {
    Run run = run("--phase", "middle", "--target", target.uri("cli_x"));

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("'middle' is not a phase");
  }

  @Test
  void reportsAnUnreachableTargetWithConnectionExitCode() {
    Run run = run("--phase", "all", "--target", "postgresql://u:p@127.0.0.1:1/none");

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err()).contains("cannot connect to the target");
  }

  private static Run run(String... args) {
    String[] full = new String[args.length + 3];
    full[0] = "schema";
    full[1] = "--source";
    full[2] = source.uri("cli_shop");
    System.arraycopy(args, 0, full, 3, args.length);
    return PgcarryCli.run(full);
  }
}
