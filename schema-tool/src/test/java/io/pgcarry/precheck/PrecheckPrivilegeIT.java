package io.pgcarry.precheck;

import static io.pgcarry.precheck.TestDatabases.about;
import static io.pgcarry.precheck.TestDatabases.as;
import static io.pgcarry.precheck.TestDatabases.database;
import static io.pgcarry.precheck.TestDatabases.execute;
import static io.pgcarry.precheck.TestDatabases.precheck;
import static io.pgcarry.precheck.TestDatabases.source;
import static io.pgcarry.precheck.TestDatabases.target;
import static io.pgcarry.precheck.TestDatabases.the;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PrecheckPrivilegeIT {

  @AfterAll
  static void dropDatabases() throws Exception {
    TestDatabases.dropCreated();
  }

  private static final String SHOP =
      "CREATE SCHEMA shop; CREATE TABLE shop.orders (id int PRIMARY KEY);"
          + " CREATE TABLE shop.items (id int PRIMARY KEY)";

  @Test
  void refusesSourceAccountWithoutReplicationUsageSelectOrPublicationRights() throws Exception {
    PgUri admin =
        database(
            source(),
            "priv_bare_src",
            SHOP,
            "DROP ROLE IF EXISTS priv_bare",
            "CREATE ROLE priv_bare LOGIN PASSWORD 'secret'");
    PgUri target = database(target(), "priv_bare_dst");

    PrecheckReport report = precheck(as(admin, "priv_bare", "secret"), target);

    assertThat(the(report, Level.ERROR, "source-privileges", "source role priv_bare").fixSql())
        .contains("ALTER ROLE priv_bare REPLICATION;");
    assertThat(about(report, "source-privileges", "source schema shop"))
        .extracting(f -> f.fixSql().orElseThrow())
        .containsExactlyInAnyOrder(
            "GRANT USAGE ON SCHEMA shop TO priv_bare;",
            "GRANT SELECT ON TABLE shop.items TO priv_bare;\n"
                + "GRANT SELECT ON TABLE shop.orders TO priv_bare;");
    assertThat(about(report, "source-privileges", "publication pgcarry"))
        .extracting(f -> f.fixSql().orElseThrow())
        .containsExactlyInAnyOrder(
            "GRANT CREATE ON DATABASE priv_bare_src TO priv_bare;",
            "CREATE PUBLICATION pgcarry FOR TABLE shop.items, shop.orders;");
    assertThat(the(report, Level.INFO, "long-transactions", "source").message())
        .contains("grant pg_read_all_stats");
  }

  @Test
  void ddlCaptureNeedsASuperuserToCreateEventTriggers() throws Exception {
    PgUri admin =
        database(
            source(),
            "priv_ddl_src",
            SHOP,
            "DROP ROLE IF EXISTS priv_ddl",
            "CREATE ROLE priv_ddl LOGIN REPLICATION PASSWORD 'secret'");
    PgUri target = database(target(), "priv_ddl_dst");
    PrecheckSettings capture = PrecheckSettings.defaults().withDdlCapture();

    PrecheckReport asRole = precheck(as(admin, "priv_ddl", "secret"), target, capture);
    PrecheckReport asSuperuser = precheck(admin, target, capture);

    assertThat(the(asRole, Level.ERROR, "ddl-capture", "source role priv_ddl").message())
        .contains("only a superuser may create")
        .contains("run without --capture-ddl");
    assertThat(
            the(asSuperuser, Level.INFO, "ddl-capture", "source database priv_ddl_src").message())
        .contains("--set-replica-identity");
    assertThat(about(precheck(admin, target), "ddl-capture", "source database priv_ddl_src"))
        .as("nothing to say without --capture-ddl")
        .isEmpty();
  }

  @Test
  void acceptsLeastPrivilegedSourceAccountOnceGrantedWhatTheFixesSay() throws Exception {
    PgUri admin =
        database(
            source(),
            "priv_granted_src",
            SHOP,
            "DROP ROLE IF EXISTS priv_granted",
            "CREATE ROLE priv_granted LOGIN PASSWORD 'secret'");
    PgUri target = database(target(), "priv_granted_dst");
    PgUri account = as(admin, "priv_granted", "secret");
    PrecheckReport before = precheck(account, target);
    for (Finding finding : about(before, "source-privileges", "source role priv_granted")) {
      execute(source(), "priv_granted_src", finding.fixSql().orElseThrow());
    }
    for (Finding finding : about(before, "source-privileges", "source schema shop")) {
      execute(source(), "priv_granted_src", finding.fixSql().orElseThrow().split("\n"));
    }
    for (Finding finding : about(before, "source-privileges", "publication pgcarry")) {
      execute(source(), "priv_granted_src", finding.fixSql().orElseThrow());
    }

    PrecheckReport after = precheck(account, target);

    assertThat(before.hasErrors()).isTrue();
    assertThat(after.at(Level.ERROR)).as(after.toText()).isEmpty();
  }

  @Test
  void acceptsMembershipInManagedServiceReplicationRoleInsteadOfReplicationAttribute()
      throws Exception {
    PgUri admin =
        database(
            source(),
            "priv_rds_src",
            "DO $$ BEGIN CREATE ROLE rds_replication NOLOGIN;"
                + " EXCEPTION WHEN duplicate_object THEN NULL; END $$",
            "DROP ROLE IF EXISTS priv_rds",
            "CREATE ROLE priv_rds LOGIN PASSWORD 'secret' IN ROLE rds_replication");
    PgUri target = database(target(), "priv_rds_dst");

    PrecheckReport report = precheck(as(admin, "priv_rds", "secret"), target);

    assertThat(about(report, "source-privileges", "source role priv_rds")).isEmpty();
  }

  @Test
  void warnsWhenExistingPublicationLeavesOutSelectedTables() throws Exception {
    PgUri source =
        database(
            source(), "priv_pub_src", SHOP, "CREATE PUBLICATION partial_pub FOR TABLE shop.orders");
    PgUri target = database(target(), "priv_pub_dst");

    PrecheckReport report =
        precheck(source, target, PrecheckSettings.defaults().withPublicationName("partial_pub"));

    Finding finding = the(report, Level.WARNING, "source-privileges", "publication partial_pub");
    assertThat(finding.message()).contains("does not publish table shop.items");
    assertThat(finding.fixSql()).contains("ALTER PUBLICATION partial_pub ADD TABLE shop.items;");
  }

  @Test
  void refusesTargetAccountWithoutCreateOnSchemaOrDatabase() throws Exception {
    PgUri source =
        database(
            source(),
            "priv_tgt_src",
            SHOP,
            "CREATE SCHEMA billing; CREATE TABLE billing.x (id int PRIMARY KEY)");
    PgUri admin =
        database(
            target(),
            "priv_tgt_dst",
            "CREATE SCHEMA shop",
            "DROP ROLE IF EXISTS priv_writer",
            "CREATE ROLE priv_writer LOGIN PASSWORD 'secret'");

    PrecheckReport report = precheck(source, as(admin, "priv_writer", "secret"));

    assertThat(the(report, Level.ERROR, "target-privileges", "target schema shop").fixSql())
        .contains("GRANT USAGE, CREATE ON SCHEMA shop TO priv_writer;");
    Finding database =
        the(report, Level.ERROR, "target-privileges", "target database priv_tgt_dst");
    assertThat(database.message()).contains("schemas billing do not exist on the target");
    assertThat(database.fixSql()).contains("GRANT CREATE ON DATABASE priv_tgt_dst TO priv_writer;");
  }

  @Test
  void refusesTargetAccountThatMayNotSetSessionReplicationRoleUntilGranted() throws Exception {
    PgUri source = database(source(), "priv_srr_src", "CREATE TABLE t (id int PRIMARY KEY)");
    PgUri admin =
        database(
            target(),
            "priv_srr_dst",
            "DROP ROLE IF EXISTS priv_applier",
            "CREATE ROLE priv_applier LOGIN PASSWORD 'secret'",
            "GRANT USAGE, CREATE ON SCHEMA public TO priv_applier");
    PgUri account = as(admin, "priv_applier", "secret");

    Finding before =
        the(
            precheck(source, account),
            Level.ERROR,
            "target-replication-role",
            "target role priv_applier");
    execute(target(), "priv_srr_dst", before.fixSql().orElseThrow());
    PrecheckReport after = precheck(source, account);

    assertThat(before.fixSql())
        .contains("GRANT SET ON PARAMETER session_replication_role TO priv_applier;");
    assertThat(after.at(Level.ERROR)).as(after.toText()).isEmpty();
  }

  @Test
  void refusesExistingTargetTableTheAccountMayNotWriteUntilGranted() throws Exception {
    PgUri source = database(source(), "priv_write_src", "CREATE TABLE t (id int PRIMARY KEY)");
    PgUri admin =
        database(
            target(),
            "priv_write_dst",
            "CREATE TABLE t (id int PRIMARY KEY)",
            "DROP ROLE IF EXISTS priv_reader",
            "CREATE ROLE priv_reader LOGIN PASSWORD 'secret'",
            "GRANT SELECT, UPDATE ON t TO priv_reader");
    PgUri account = as(admin, "priv_reader", "secret");

    PrecheckReport before = precheck(source, account);
    List<Finding> errors =
        about(before, "target-tables", "public.t").stream()
            .filter(f -> f.level() == Level.ERROR)
            .toList();
    assertThat(errors).as(before.toText()).hasSize(1);
    assertThat(errors.get(0).fixSql())
        .contains("GRANT INSERT, DELETE ON TABLE public.t TO priv_reader;");
    execute(target(), "priv_write_dst", errors.get(0).fixSql().orElseThrow());
    PrecheckReport after = precheck(source, account);

    assertThat(the(after, Level.WARNING, "target-tables", "public.t").message())
        .contains("already exists on the target (empty)");
  }

  @Test
  void refusesExtensionsTheTargetAccountMayNotCreateUntilCreatedForIt() throws Exception {
    PgUri source =
        database(
            source(),
            "priv_ext_src",
            "CREATE EXTENSION pageinspect",
            "CREATE EXTENSION hstore",
            "CREATE TABLE t (id int PRIMARY KEY)");
    PgUri admin =
        database(
            target(),
            "priv_ext_dst",
            "DROP ROLE IF EXISTS priv_ext",
            "CREATE ROLE priv_ext LOGIN PASSWORD 'secret'");
    PgUri account = as(admin, "priv_ext", "secret");

    PrecheckReport before = precheck(source, account);
    Finding untrusted = the(before, Level.ERROR, "extensions", "extension pageinspect");
    Finding trusted = the(before, Level.ERROR, "extensions", "extension hstore");
    execute(
        target(), "priv_ext_dst", untrusted.fixSql().orElseThrow(), trusted.fixSql().orElseThrow());
    PrecheckReport after = precheck(source, account);

    assertThat(untrusted.message()).contains("only a superuser can create it");
    assertThat(untrusted.fixSql()).contains("CREATE EXTENSION IF NOT EXISTS pageinspect;");
    assertThat(trusted.message()).contains("needs CREATE on the target database");
    assertThat(trusted.fixSql()).contains("GRANT CREATE ON DATABASE priv_ext_dst TO priv_ext;");
    assertThat(after.findings()).noneMatch(f -> f.check().equals("extensions"));
  }

  @Test
  void refusesMissingTargetDatabaseWhenAccountLacksCreatedb() throws Exception {
    PgUri source = database(source(), "priv_nodb_src", SHOP);
    execute(
        target(),
        "postgres",
        "DROP DATABASE IF EXISTS priv_nodb_absent",
        "DROP ROLE IF EXISTS priv_nodb",
        "CREATE ROLE priv_nodb LOGIN PASSWORD 'secret'");
    PgUri missing = PgUri.parse(target().uri("priv_nodb_absent"));

    PrecheckReport asAccount = precheck(source, as(missing, "priv_nodb", "secret"));
    PrecheckReport asSuperuser = precheck(source, missing);

    assertThat(
            the(asAccount, Level.INFO, "connectivity", "target database priv_nodb_absent")
                .message())
        .contains("does not exist yet");
    assertThat(the(asAccount, Level.ERROR, "target-privileges", "target role priv_nodb").fixSql())
        .contains("CREATE DATABASE priv_nodb_absent OWNER priv_nodb;");
    assertThat(asSuperuser.at(Level.ERROR)).as(asSuperuser.toText()).isEmpty();
  }
}
