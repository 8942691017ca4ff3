package io.pgcarry.precheck;

import static io.pgcarry.precheck.TestDatabases.about;
import static io.pgcarry.precheck.TestDatabases.database;
import static io.pgcarry.precheck.TestDatabases.execute;
import static io.pgcarry.precheck.TestDatabases.precheck;
import static io.pgcarry.precheck.TestDatabases.source;
import static io.pgcarry.precheck.TestDatabases.target;
import static io.pgcarry.precheck.TestDatabases.the;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import io.pgcarry.common.TableSelection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PrecheckTableIT {

  @AfterAll
  static void dropDatabases() throws Exception {
    TestDatabases.dropCreated();
  }

  private static final String HOSTILE = "a\"b; drop table x;--";

  @Test
  void refusesTablesWithoutReplicaIdentityAndFixesThemWithTheGivenSql() throws Exception {
    PgUri source =
        database(
            source(),
            "ident_src",
            "CREATE TABLE nothing (id int PRIMARY KEY) ",
            "ALTER TABLE nothing REPLICA IDENTITY NOTHING",
            "CREATE TABLE by_code (code text NOT NULL UNIQUE, note text)",
            "CREATE TABLE \"" + HOSTILE.replace("\"", "\"\"") + "\" (v text)",
            "CREATE TABLE keyed (id int PRIMARY KEY)");
    PgUri target = database(target(), "ident_dst");

    PrecheckReport before = precheck(source, target);

    assertThat(the(before, Level.ERROR, "replica-identity", "public.nothing").fixSql())
        .contains("ALTER TABLE public.nothing REPLICA IDENTITY USING INDEX nothing_pkey;");
    assertThat(the(before, Level.ERROR, "replica-identity", "public.by_code").fixSql())
        .contains("ALTER TABLE public.by_code REPLICA IDENTITY USING INDEX by_code_code_key;");
    String hostile = new TableId("public", HOSTILE).quoted();
    assertThat(the(before, Level.ERROR, "replica-identity", hostile).fixSql())
        .contains("ALTER TABLE public.\"a\"\"b; drop table x;--\" REPLICA IDENTITY FULL;");
    assertThat(about(before, "replica-identity", "public.keyed")).isEmpty();

    for (Finding finding : before.at(Level.ERROR)) {
      execute(source(), "ident_src", finding.fixSql().orElseThrow());
    }
    PrecheckReport after = precheck(source, target);

    assertThat(after.at(Level.ERROR)).as(after.toText()).isEmpty();
  }

  @Test
  void theErrorIsRealWhenAPublishedTableHasNoReplicaIdentity() throws Exception {
    database(
        source(),
        "ident_proof_src",
        "CREATE TABLE loose (v text)",
        "INSERT INTO loose VALUES ('x')",
        "CREATE PUBLICATION proof FOR TABLE loose");

    assertThatThrownBy(() -> execute(source(), "ident_proof_src", "UPDATE loose SET v = 'y'"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("does not have a replica identity and publishes updates");
  }

  @Test
  void warnsOfTablesWithoutKeyEvenWithFullReplicaIdentity() throws Exception {
    PgUri source =
        database(
            source(),
            "keyless_src",
            "CREATE TABLE log_full (at timestamptz, line text)",
            "ALTER TABLE log_full REPLICA IDENTITY FULL",
            "CREATE TABLE log_default (at timestamptz, line text)",
            "CREATE TABLE nullable_unique (code text UNIQUE)");
    PgUri target = database(target(), "keyless_dst");

    PrecheckReport report = precheck(source, target);

    Finding full = the(report, Level.WARNING, "keyless-tables", "public.log_full");
    assertThat(full.message()).contains("identical duplicate rows cannot be told apart");
    assertThat(full.fixSql()).isEmpty();
    assertThat(the(report, Level.WARNING, "keyless-tables", "public.log_default").fixSql())
        .contains("ALTER TABLE public.log_default REPLICA IDENTITY FULL;");
    assertThat(about(report, "keyless-tables", "public.nullable_unique")).isEmpty();
    assertThat(the(report, Level.ERROR, "replica-identity", "public.nullable_unique").fixSql())
        .contains("ALTER TABLE public.nullable_unique REPLICA IDENTITY FULL;");
  }

  @Test
  void leavesExcludedTablesAlone() throws Exception {
    PgUri source =
        database(
            source(),
            "exclude_src",
            "CREATE SCHEMA scratch",
            "CREATE TABLE scratch.loose (v text)",
            "CREATE UNLOGGED TABLE scratch.cache (k int PRIMARY KEY)",
            "CREATE TABLE public.keyed (id int PRIMARY KEY)");
    PgUri target = database(target(), "exclude_dst");

    PrecheckReport report =
        new Precheck(source, target, new TableSelection(List.of(), List.of("scratch.*"))).run();

    assertThat(report.at(Level.ERROR)).as(report.toText()).isEmpty();
    assertThat(report.findings()).noneMatch(f -> f.object().startsWith("scratch."));
    assertThat(the(report, Level.INFO, "selection", "source database exclude_src").message())
        .isEqualTo("1 table in 1 schema selected for migration");
  }

  @Test
  void warnsOfDataLogicalDecodingCannotCarry() throws Exception {
    PgUri source =
        database(
            source(),
            "uncarried_src",
            "CREATE UNLOGGED TABLE cache (k int PRIMARY KEY, v text)",
            "CREATE TABLE docs (id int PRIMARY KEY, body oid)",
            "INSERT INTO docs VALUES (1, lo_from_bytea(0, 'hello'))",
            "CREATE FUNCTION my_handler() RETURNS language_handler"
                + " AS '$libdir/plpgsql', 'plpgsql_call_handler' LANGUAGE C");
    PgUri target = database(target(), "uncarried_dst");

    PrecheckReport report = precheck(source, target);

    assertThat(the(report, Level.WARNING, "unlogged-tables", "public.cache").fixSql())
        .contains("ALTER TABLE public.cache SET LOGGED;");
    assertThat(
            the(report, Level.WARNING, "large-objects", "source database uncarried_src").message())
        .contains("holds 1 large object");
    assertThat(the(report, Level.WARNING, "c-functions", "function my_handler()").message())
        .contains("$libdir/plpgsql");
  }

  @Test
  void notesGeneratedColumnsComputedOnTheTarget() throws Exception {
    PgUri source =
        database(
            source(),
            "generated_src",
            "CREATE TABLE lines (qty int, price numeric,"
                + " total numeric GENERATED ALWAYS AS (qty * price) STORED, id int PRIMARY KEY)");
    PgUri target = database(target(), "generated_dst");

    PrecheckReport report = precheck(source, target);

    assertThat(the(report, Level.INFO, "generated-columns", "public.lines.total").message())
        .isEqualTo(
            "generated column, computed on the target as ((qty)::numeric * price) rather than copied");
  }

  @Test
  void warnsOfExistingTargetTableAndRefusesNonEmptyOne() throws Exception {
    String tables =
        "CREATE TABLE empty_one (id int PRIMARY KEY); CREATE TABLE full_one (id int PRIMARY KEY)";
    PgUri source = database(source(), "existing_src", tables);
    PgUri target = database(target(), "existing_dst", tables, "INSERT INTO full_one VALUES (1)");

    PrecheckReport report = precheck(source, target);

    assertThat(the(report, Level.WARNING, "target-tables", "public.empty_one").message())
        .contains("already exists on the target (empty)");
    assertThat(the(report, Level.ERROR, "target-tables", "public.full_one").fixSql())
        .contains("TRUNCATE TABLE public.full_one;");
  }

  @Test
  void refusesExistingTargetTableMissingSourceColumnsUntilTheyAreAdded() throws Exception {
    PgUri source =
        database(
            source(),
            "columns_src",
            "CREATE TABLE \"Item\" (id int PRIMARY KEY, \"Name\" text, price numeric(10,2))");
    PgUri target =
        database(
            target(), "columns_dst", "CREATE TABLE \"Item\" (id int PRIMARY KEY, price numeric)");

    PrecheckReport before = precheck(source, target);
    Finding missing = the(before, Level.ERROR, "target-columns", "public.\"Item\"");
    execute(target(), "columns_dst", missing.fixSql().orElseThrow());
    PrecheckReport after = precheck(source, target);

    assertThat(missing.message()).contains("without the source's columns Name");
    assertThat(missing.fixSql()).contains("ALTER TABLE public.\"Item\" ADD COLUMN \"Name\" text;");
    assertThat(the(before, Level.WARNING, "target-columns", "public.\"Item\".price").message())
        .isEqualTo("the column is numeric(10,2) on the source but numeric on the target");
    assertThat(about(after, "target-columns", "public.\"Item\"")).isEmpty();
  }

  @Test
  void notesSizesAndThatTargetFreeSpaceIsNotMeasurable() throws Exception {
    PgUri source =
        database(
            source(),
            "size_src",
            "CREATE TABLE big (id int PRIMARY KEY, pad text)",
            "INSERT INTO big SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g");
    PgUri target = database(target(), "size_dst");

    PrecheckReport report = precheck(source, target);

    assertThat(the(report, Level.INFO, "size", "source database size_src").message())
        .containsPattern("the source database takes \\d+\\.\\d MB on disk")
        .containsPattern("the selected tables with their indexes take [4-9]\\.\\d MB");
    assertThat(the(report, Level.INFO, "size", "target").message())
        .contains("cannot be measured through SQL");
  }
}
