package io.pgcarry.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.cli.Pgcarry;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.postgres.LocalPostgres;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.testing.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code schema --owners --privileges}: owners and grants of a table (with column grants), its
 * sequence, a function, a schema, a view and a type, carried as the source has them, with and
 * without a role mapping. Roles belong to the whole server, so each test creates its own and drops
 * them (after the databases that use them).
 */
class OwnersAndPrivilegesSchemaIT {

  private static LocalPostgres source;
  private static LocalPostgres target;

  private final List<Runnable> cleanup = new ArrayList<>();

  @BeforeAll
  static void servers() {
    source = TestPostgres.server("owners-src", 15);
    target = TestPostgres.server("owners-dst", 15);
  }

  @AfterEach
  void dropDatabasesThenRoles() {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).run();
    }
  }

  @Test
  void reproducesOwnersAndGrantsExactlyAndSkipsThemOnReRun() throws Exception {
    String owner = "owners_it_Sales Owner";
    String reader = "owners_it_reader";
    createRoles(source, owner, reader);
    createRoles(target, owner, reader);
    loadSource("owners_all", owner, reader);
    drop(target, "owners_all_copy");
    SchemaMigrator migrator =
        new SchemaMigrator(options("owners_all", "owners_all_copy", List.of()));

    SchemaReport report = migrator.run(Phase.ALL, false);

    assertThat(report.script())
        .contains("ALTER TABLE sales.orders OWNER TO \"owners_it_Sales Owner\"")
        .contains("GRANT SELECT (customer) ON TABLE sales.orders TO PUBLIC")
        .contains("REVOKE EXECUTE ON FUNCTION sales.total_of(");
    assertThat(SchemaDump.withAccess(target, "owners_all_copy"))
        .isEqualTo(SchemaDump.withAccess(source, "owners_all"));
    SchemaReport again = migrator.run(Phase.ALL, false);
    assertThat(again.created()).isEmpty();
    assertThat(again.clean()).isTrue();
  }

  @Test
  void reportsAnotherOwnerOnTheTargetAsADifferenceOnlyWhenOwnersAreCarried() throws Exception {
    String owner = "owners_it_rerun_owner";
    String reader = "owners_it_rerun_reader";
    createRoles(source, owner, reader);
    createRoles(target, owner, reader);
    loadSource("owners_rerun", owner, reader);
    drop(target, "owners_rerun_copy");
    new SchemaMigrator(options("owners_rerun", "owners_rerun_copy", List.of()))
        .run(Phase.ALL, false);
    Fixtures.execute(
        target, "owners_rerun_copy", "ALTER TYPE sales.status OWNER TO " + quote(owner));

    SchemaReport carried =
        new SchemaMigrator(options("owners_rerun", "owners_rerun_copy", List.of()))
            .run(Phase.ALL, false);
    SchemaReport notCarried =
        new SchemaMigrator(
                new SchemaOptions(
                    PgUri.parse(source.uri("owners_rerun")),
                    PgUri.parse(target.uri("owners_rerun_copy")),
                    List.of(),
                    List.of(),
                    Optional.empty(),
                    false))
            .run(Phase.ALL, false);

    assertThat(carried.differing())
        .extracting(SchemaReport.Difference::object)
        .containsExactly("TYPE sales.status");
    assertThat(notCarried.created()).isEmpty();
    assertThat(notCarried.clean()).isTrue();
  }

  @Test
  void altersTheOwnerOfEveryObjectKindTheSchemaToolCreates() throws Exception {
    Fixtures.loadEveryObject(source, "owners_every");
    Fixtures.execute(source, "owners_every", "DROP FUNCTION fixture.c_eq(text, text)");
    cleanup.add(() -> unchecked(() -> Fixtures.drop(source, "owners_every")));
    drop(target, "owners_every_copy");

    SchemaReport report =
        new SchemaMigrator(options("owners_every", "owners_every_copy", List.of()))
            .run(Phase.ALL, false);

    assertThat(report.script())
        .contains(
            "ALTER AGGREGATE fixture.max_of(integer) OWNER TO postgres",
            "ALTER OPERATOR fixture.~= (double precision, double precision) OWNER TO postgres",
            "ALTER DOMAIN fixture.positive OWNER TO postgres",
            "ALTER COLLATION fixture.posix OWNER TO postgres");
    assertThat(SchemaDump.withAccess(target, "owners_every_copy"))
        .isEqualTo(SchemaDump.withAccess(source, "owners_every"));
  }

  @Test
  void givesMappedRolesTheOwnershipsAndGrantsOfTheSourceRoles() throws Exception {
    String owner = "owners_it_map_owner";
    String reader = "owners_it_map_reader";
    String targetOwner = "owners_it_map_app";
    String targetReader = "owners_it_map_analyst";
    createRoles(source, owner, reader);
    createRoles(target, targetOwner, targetReader);
    loadSource("owners_map", owner, reader);
    drop(target, "owners_map_copy");

    new SchemaMigrator(
            options(
                "owners_map",
                "owners_map_copy",
                List.of(owner + "=" + targetOwner, reader + "=" + targetReader)))
        .run(Phase.ALL, false);

    String expected =
        SchemaDump.withAccess(source, "owners_map")
            .replace(owner, targetOwner)
            .replace(reader, targetReader);
    assertThat(SchemaDump.withAccess(target, "owners_map_copy")).isEqualTo(expected);
  }

  @Test
  void refusesARoleMissingOnTheTargetBeforeCreatingAnything() throws Exception {
    String owner = "owners_it_missing_owner";
    String reader = "owners_it_missing_reader";
    createRoles(source, owner, reader);
    createRoles(target, owner);
    loadSource("owners_missing", owner, reader);
    drop(target, "owners_missing_copy");
    SchemaMigrator migrator =
        new SchemaMigrator(options("owners_missing", "owners_missing_copy", List.of()));

    assertThatThrownBy(() -> migrator.run(Phase.ALL, false))
        .isInstanceOf(SchemaFailure.class)
        .hasMessageContaining("role \"" + reader + "\"")
        .hasMessageContaining("create the role")
        .hasMessageContaining("--role-map")
        .hasMessageNotContaining("\"" + owner + "\"");
    assertThat(databaseExists(target, "owners_missing_copy")).isFalse();
  }

  @Test
  void commandLineExitsFourNamingTheMissingRoleAndPassesOnceItIsMapped() throws Exception {
    String owner = "owners_it_cli_owner";
    String reader = "owners_it_cli_reader";
    String analyst = "owners_it_cli_analyst";
    createRoles(source, owner, reader);
    createRoles(target, owner, analyst);
    loadSource("owners_cli", owner, reader);
    drop(target, "owners_cli_copy");
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
    CommandLine failing = Pgcarry.commandLine();
    failing.setErr(new PrintWriter(err, true));

    int refused = failing.execute(common);
    String[] mapped = Arrays.copyOf(common, common.length + 2);
    mapped[common.length] = "--role-map";
    mapped[common.length + 1] = reader + "=" + analyst;
    CommandLine passing = Pgcarry.commandLine();
    passing.setErr(new PrintWriter(new StringWriter(), true));
    int applied = passing.execute(mapped);

    assertThat(refused).isEqualTo(4);
    assertThat(err.toString())
        .contains("role \"" + reader + "\"")
        .contains("--role-map")
        .doesNotContain("at io.pgcarry");
    assertThat(applied).isZero();
    assertThat(SchemaDump.withAccess(target, "owners_cli_copy"))
        .isEqualTo(SchemaDump.withAccess(source, "owners_cli").replace(reader, analyst));
  }

  @Test
  void leavesOwnersAndGrantsToTheTargetUserWhenNotAsked() throws Exception {
    String owner = "owners_it_off_owner";
    String reader = "owners_it_off_reader";
    createRoles(source, owner, reader);
    loadSource("owners_off", owner, reader);
    drop(target, "owners_off_copy");

    SchemaReport report =
        new SchemaMigrator(
                new SchemaOptions(
                    PgUri.parse(source.uri("owners_off")),
                    PgUri.parse(target.uri("owners_off_copy")),
                    List.of(),
                    List.of(),
                    Optional.empty(),
                    false))
            .run(Phase.ALL, false);

    assertThat(report.script()).doesNotContain("OWNER TO", "GRANT", "REVOKE");
    assertThat(SchemaDump.of(target, "owners_off_copy"))
        .isEqualTo(SchemaDump.of(source, "owners_off"));
  }

  private void loadSource(String database, String ownerName, String readerName) throws Exception {
    drop(source, database);
    Fixtures.execute(source, "postgres", "CREATE DATABASE " + database);
    String owner = quote(ownerName);
    String reader = quote(readerName);
    String script =
        String.join(
            "\n",
            "CREATE SCHEMA sales AUTHORIZATION " + owner + ";",
            "GRANT USAGE ON SCHEMA sales TO " + reader + ";",
            "CREATE TABLE sales.orders (id serial PRIMARY KEY, customer text, total numeric);",
            "ALTER TABLE sales.orders OWNER TO " + owner + ";",
            "GRANT SELECT ON sales.orders TO " + reader + ";",
            "GRANT INSERT, UPDATE ON sales.orders TO " + reader + " WITH GRANT OPTION;",
            "GRANT SELECT (customer), UPDATE (total) ON sales.orders TO PUBLIC;",
            "GRANT USAGE ON SEQUENCE sales.orders_id_seq TO " + reader + ";",
            "CREATE FUNCTION sales.total_of(o sales.orders) RETURNS numeric",
            "  LANGUAGE sql AS 'SELECT o.total';",
            "ALTER FUNCTION sales.total_of(sales.orders) OWNER TO " + owner + ";",
            "REVOKE EXECUTE ON FUNCTION sales.total_of(sales.orders) FROM PUBLIC;",
            "GRANT EXECUTE ON FUNCTION sales.total_of(sales.orders) TO " + reader + ";",
            "CREATE VIEW sales.big_orders AS SELECT id, total FROM sales.orders WHERE total > 100;",
            "ALTER VIEW sales.big_orders OWNER TO " + reader + ";",
            "GRANT SELECT ON sales.big_orders TO " + owner + ";",
            "CREATE TYPE sales.status AS ENUM ('new', 'paid');",
            "ALTER TYPE sales.status OWNER TO " + reader + ";",
            "REVOKE USAGE ON TYPE sales.status FROM PUBLIC;");
    try (Connection connection = source.connect(database);
        Statement statement = connection.createStatement()) {
      statement.execute(script);
    }
    cleanup.add(() -> unchecked(() -> drop(source, database)));
  }

  private void createRoles(LocalPostgres server, String... roles) throws Exception {
    for (String role : roles) {
      Fixtures.execute(server, "postgres", "DROP ROLE IF EXISTS " + quote(role));
      Fixtures.execute(server, "postgres", "CREATE ROLE " + quote(role));
      cleanup.add(
          () -> unchecked(() -> Fixtures.execute(server, "postgres", "DROP ROLE " + quote(role))));
    }
  }

  private void drop(LocalPostgres server, String database) throws Exception {
    Fixtures.drop(server, database);
    if (server == target) {
      cleanup.add(() -> unchecked(() -> Fixtures.drop(server, database)));
    }
  }

  private static SchemaOptions options(String from, String to, List<String> roleMap) {
    return new SchemaOptions(
        PgUri.parse(source.uri(from)),
        PgUri.parse(target.uri(to)),
        List.of(),
        List.of(),
        Optional.empty(),
        false,
        true,
        true,
        RoleMap.parse(roleMap));
  }

  private static boolean databaseExists(LocalPostgres server, String database) throws Exception {
    try (Connection connection = server.connect("postgres");
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT count(*) FROM pg_database WHERE datname = '" + database + "'")) {
      rs.next();
      return rs.getInt(1) == 1;
    }
  }

  private static String quote(String role) {
    return Identifier.quote(role);
  }

  private interface Action {
    void run() throws Exception;
  }

  private static void unchecked(Action action) {
    try {
      action.run();
    } catch (Exception e) {
      throw new IllegalStateException("cleanup failed: " + e.getMessage(), e);
    }
  }
}
