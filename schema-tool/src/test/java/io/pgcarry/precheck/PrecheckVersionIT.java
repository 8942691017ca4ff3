package io.pgcarry.precheck;

import static io.pgcarry.precheck.TestDatabases.about;
import static io.pgcarry.precheck.TestDatabases.database;
import static io.pgcarry.precheck.TestDatabases.precheck;
import static io.pgcarry.precheck.TestDatabases.source;
import static io.pgcarry.precheck.TestDatabases.target;
import static io.pgcarry.precheck.TestDatabases.the;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import io.pgcarry.local.LocalPostgres;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PrecheckVersionIT {

  private static LocalPostgres pg12;

  @BeforeAll
  static void start() {
    pg12 = TestDatabases.start(12, Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    TestDatabases.stop(pg12);
    TestDatabases.dropCreated();
  }

  private static LocalPostgres pg12() {
    return pg12;
  }

  @Test
  void refusesTargetOfOlderMajorVersion() throws Exception {
    PgUri source = database(source(), "version_src");
    PgUri target = database(pg12(), "version_dst");

    PrecheckReport report = precheck(source, target);

    assertThat(the(report, Level.ERROR, "version", "target").message())
        .contains("the target runs PostgreSQL 12, older than the source's 15");
    assertThat(report.hasErrors()).isTrue();
  }

  @Test
  void acceptsNewerTargetAndNotesThatOldSourceCannotCapSlotWal() throws Exception {
    PgUri source =
        database(
            pg12(),
            "version_old_src",
            "CREATE TABLE t (id int PRIMARY KEY)",
            "CREATE EXTENSION hstore");
    PgUri target = database(target(), "version_new_dst");

    PrecheckReport report = precheck(source, target);

    assertThat(about(report, "version", "target")).isEmpty();
    assertThat(the(report, Level.INFO, "version", "servers").message())
        .contains("source PostgreSQL 12.")
        .contains("target PostgreSQL 15.");
    assertThat(
            the(report, Level.INFO, "wal-retention", "source setting max_slot_wal_keep_size")
                .message())
        .contains("cannot cap the WAL");
    assertThat(the(report, Level.INFO, "extensions", "extension hstore").message())
        .contains("the source has version 1.6, the target server's default is 1.8")
        .contains("ALTER EXTENSION hstore UPDATE");
    assertThat(report.at(Level.ERROR)).as(report.toText()).isEmpty();
  }

  @Test
  void requiresSuperuserOnTargetOlderThan15ToSetSessionReplicationRole() throws Exception {
    PgUri source = database(pg12(), "version_srr_src", "CREATE TABLE t (id int PRIMARY KEY)");
    PgUri admin =
        database(
            pg12(),
            "version_srr_dst",
            "DROP ROLE IF EXISTS version_applier",
            "CREATE ROLE version_applier LOGIN PASSWORD 'secret'");

    PrecheckReport report = precheck(source, TestDatabases.as(admin, "version_applier", "secret"));

    Finding finding =
        the(report, Level.ERROR, "target-replication-role", "target role version_applier");
    assertThat(finding.message()).contains("before PostgreSQL 15 only a superuser may");
    assertThat(finding.fixSql()).isEmpty();
  }

  @Test
  void refusesDdlCaptureOnASourceBefore14() throws Exception {
    PgUri source = database(pg12(), "version_ddl_src", "CREATE TABLE t (id int PRIMARY KEY)");
    PgUri target = database(target(), "version_ddl_dst");

    PrecheckReport report = precheck(source, target, PrecheckSettings.defaults().withDdlCapture());

    assertThat(the(report, Level.ERROR, "ddl-capture", "source database version_ddl_src").message())
        .contains("pgoutput sends from PostgreSQL 14 on")
        .contains("Run without --capture-ddl");
  }

  @Test
  void refusesExtensionTheTargetServerDoesNotHave() throws Exception {
    // pg_walinspect first shipped with PostgreSQL 15, so a 12 server cannot have it.
    PgUri source = database(source(), "ext_src", "CREATE EXTENSION pg_walinspect");
    PgUri target = database(pg12(), "ext_dst");

    PrecheckReport report = precheck(source, target);

    assertThat(the(report, Level.ERROR, "extensions", "extension pg_walinspect").message())
        .contains("not installed on the target server");
    assertThat(about(report, "extensions", "extension plpgsql")).isEmpty();
  }
}
