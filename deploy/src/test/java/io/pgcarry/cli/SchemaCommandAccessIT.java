package io.pgcarry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.schema.AccessFixture;
import io.pgcarry.schema.SchemaDump;
import java.io.StringWriter;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code pgcarry schema --owners --privileges} on the command line: exit codes and messages. */
class SchemaCommandAccessIT {

  private static LocalPostgres source;
  private static LocalPostgres target;

  private AccessFixture fixture;

  @BeforeAll
  static void servers() {
    source = TestPostgres.server("owners-src", 15);
    target = TestPostgres.server("owners-dst", 15);
  }

  @BeforeEach
  void fixture() {
    fixture = new AccessFixture(source, target);
  }

  @AfterEach
  void dropDatabasesThenRoles() {
    fixture.close();
  }

  @Test
  void commandLineExitsFourNamingTheMissingRoleAndPassesOnceItIsMapped() throws Exception {
    String owner = "owners_it_cli_owner";
    String reader = "owners_it_cli_reader";
    String analyst = "owners_it_cli_analyst";
    fixture.createRoles(source, owner, reader);
    fixture.createRoles(target, owner, analyst);
    fixture.loadSource("owners_cli", owner, reader);
    fixture.drop(target, "owners_cli_copy");
    String[] common = {
      "schema",
      "--source",
      source.uri("owners_cli"),
      "--target",
      target.uri("owners_cli_copy"),
      "--phase",
      "all",
      "--owners",
      "--privileges"
    };
    StringWriter err = new StringWriter();

    int refused = PgcarryCli.run(new StringWriter(), err, common);
    String[] mapped = Arrays.copyOf(common, common.length + 2);
    mapped[common.length] = "--role-map";
    mapped[common.length + 1] = reader + "=" + analyst;
    int applied = PgcarryCli.run(new StringWriter(), mapped);

    assertThat(refused).isEqualTo(4);
    assertThat(err.toString())
        .contains("role \"" + reader + "\"")
        .contains("--role-map")
        .doesNotContain("at io.pgcarry");
    assertThat(applied).isZero();
    assertThat(SchemaDump.withAccess(target, "owners_cli_copy"))
        .isEqualTo(SchemaDump.withAccess(source, "owners_cli").replace(reader, analyst));
  }
}
