package io.pgcarry.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code schema --owners --privileges}: owners and grants of a table (with column grants), its
 * sequence, a function, a schema, a view and a type, carried as the source has them, with and
 * without a role mapping. Roles belong to the whole server, so each test creates its own and drops
 * them (after the databases that use them).
 */
class OwnersAndPrivilegesSchemaIT {

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
  void reproducesOwnersAndGrantsExactlyAndSkipsThemOnReRun() throws Exception {
    String owner = "owners_it_Sales Owner";
    String reader = "owners_it_reader";
    fixture.createRoles(source, owner, reader);
    fixture.createRoles(target, owner, reader);
    fixture.loadSource("owners_all", owner, reader);
    fixture.drop(target, "owners_all_copy");
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
    fixture.createRoles(source, owner, reader);
    fixture.createRoles(target, owner, reader);
    fixture.loadSource("owners_rerun", owner, reader);
    fixture.drop(target, "owners_rerun_copy");
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
                    NameMapping.IDENTITY,
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
    fixture.dropLater(source, "owners_every");
    fixture.drop(target, "owners_every_copy");

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
    fixture.createRoles(source, owner, reader);
    fixture.createRoles(target, targetOwner, targetReader);
    fixture.loadSource("owners_map", owner, reader);
    fixture.drop(target, "owners_map_copy");

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
    fixture.createRoles(source, owner, reader);
    fixture.createRoles(target, owner);
    fixture.loadSource("owners_missing", owner, reader);
    fixture.drop(target, "owners_missing_copy");
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
  void leavesOwnersAndGrantsToTheTargetUserWhenNotAsked() throws Exception {
    String owner = "owners_it_off_owner";
    String reader = "owners_it_off_reader";
    fixture.createRoles(source, owner, reader);
    fixture.loadSource("owners_off", owner, reader);
    fixture.drop(target, "owners_off_copy");

    SchemaReport report =
        new SchemaMigrator(
                new SchemaOptions(
                    PgUri.parse(source.uri("owners_off")),
                    PgUri.parse(target.uri("owners_off_copy")),
                    List.of(),
                    List.of(),
                    NameMapping.IDENTITY,
                    false))
            .run(Phase.ALL, false);

    assertThat(report.script()).doesNotContain("OWNER TO", "GRANT", "REVOKE");
    assertThat(SchemaDump.of(target, "owners_off_copy"))
        .isEqualTo(SchemaDump.of(source, "owners_off"));
  }

  private static SchemaOptions options(String from, String to, List<String> roleMap) {
    return new SchemaOptions(
        PgUri.parse(source.uri(from)),
        PgUri.parse(target.uri(to)),
        List.of(),
        List.of(),
        NameMapping.IDENTITY,
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
}
