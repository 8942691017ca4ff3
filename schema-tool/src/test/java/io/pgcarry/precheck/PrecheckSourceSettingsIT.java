package io.pgcarry.precheck;

import static io.pgcarry.precheck.TestDatabases.about;
import static io.pgcarry.precheck.TestDatabases.database;
import static io.pgcarry.precheck.TestDatabases.execute;
import static io.pgcarry.precheck.TestDatabases.precheck;
import static io.pgcarry.precheck.TestDatabases.reloadConfiguration;
import static io.pgcarry.precheck.TestDatabases.source;
import static io.pgcarry.precheck.TestDatabases.target;
import static io.pgcarry.precheck.TestDatabases.the;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import io.pgcarry.local.LocalPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PrecheckSourceSettingsIT {

  /** A source configured wrongly on every count: no logical WAL, one slot, no WAL sender. */
  private static LocalPostgres misconfigured;

  private static PgUri target;

  @BeforeAll
  static void start() throws Exception {
    misconfigured =
        TestDatabases.start(
            15,
            Map.of(
                "wal_level", "replica",
                "max_replication_slots", "1",
                "max_wal_senders", "0",
                "max_prepared_transactions", "2"));
    target = database(target(), "settings_dst");
  }

  @AfterAll
  static void stop() throws Exception {
    TestDatabases.stop(misconfigured);
    TestDatabases.dropCreated();
  }

  @Test
  void refusesWalLevelReplicaWithAlterSystemFix() throws Exception {
    PgUri source = database(misconfigured, "wal_src");

    PrecheckReport report = precheck(source, target);

    Finding finding = the(report, Level.ERROR, "wal-level", "source setting wal_level");
    assertThat(finding.message()).contains("wal_level is 'replica'");
    assertThat(finding.fixSql())
        .hasValueSatisfying(
            sql -> assertThat(sql).startsWith("ALTER SYSTEM SET wal_level = logical;"));
  }

  @Test
  void refusesSourceWithoutFreeSlotOrWalSender() throws Exception {
    PgUri source =
        database(
            misconfigured, "capacity_src", "SELECT pg_create_physical_replication_slot('held')");
    try {
      PrecheckReport report = precheck(source, target);

      assertThat(
              the(
                      report,
                      Level.ERROR,
                      "replication-capacity",
                      "source setting max_replication_slots")
                  .fixSql())
          .contains("ALTER SYSTEM SET max_replication_slots = 2; -- then restart PostgreSQL");
      assertThat(
              the(report, Level.ERROR, "replication-capacity", "source setting max_wal_senders")
                  .fixSql())
          .contains("ALTER SYSTEM SET max_wal_senders = 1; -- then restart PostgreSQL");
      assertThat(the(report, Level.WARNING, "replication-slots", "replication slot held").message())
          .contains("physical slot 'held' is inactive");
    } finally {
      execute(misconfigured, "postgres", "SELECT pg_drop_replication_slot('held')");
    }
  }

  @Test
  void warnsOfPreparedTransactionThatWouldDelayTheSlot() throws Exception {
    PgUri source = database(misconfigured, "prepared_src", "CREATE TABLE t (id int PRIMARY KEY)");
    try (Connection connection = misconfigured.connect("prepared_src");
        Statement statement = connection.createStatement()) {
      statement.execute("BEGIN");
      statement.execute("INSERT INTO t VALUES (1)");
      statement.execute("PREPARE TRANSACTION 'pending o''clock'");
    }
    try {
      PrecheckReport report = precheck(source, target);

      Finding finding =
          the(report, Level.WARNING, "long-transactions", "prepared transaction pending o'clock");
      assertThat(finding.message()).contains("in database prepared_src");
      assertThat(finding.fixSql()).contains("ROLLBACK PREPARED 'pending o''clock';");
    } finally {
      execute(misconfigured, "prepared_src", "ROLLBACK PREPARED 'pending o''clock'");
    }
  }

  @Test
  void warnsThatUnlimitedSlotWalCanFillTheDisk() throws Exception {
    PgUri source = database(source(), "retention_unbounded");

    PrecheckReport report = precheck(source, target);

    Finding finding =
        the(report, Level.WARNING, "wal-retention", "source setting max_slot_wal_keep_size");
    assertThat(finding.message()).contains("-1 (unlimited)");
    assertThat(finding.fixSql())
        .contains("ALTER SYSTEM SET max_slot_wal_keep_size = '4GB'; SELECT pg_reload_conf();");
  }

  @Test
  void warnsThatSmallSlotWalLimitCanInvalidateTheSlot() throws Exception {
    LocalPostgres server = source();
    PgUri source = database(server, "retention_small");
    execute(server, "postgres", "ALTER SYSTEM SET max_slot_wal_keep_size = '64MB'");
    reloadConfiguration(server);
    try {
      PrecheckReport report = precheck(source, target);

      assertThat(
              the(report, Level.WARNING, "wal-retention", "source setting max_slot_wal_keep_size")
                  .message())
          .contains("max_slot_wal_keep_size is 64.0 MB, less than 1.0 GB");
    } finally {
      execute(server, "postgres", "ALTER SYSTEM RESET max_slot_wal_keep_size");
      reloadConfiguration(server);
    }
  }

  @Test
  void warnsThatStatementTimeoutOfSourceAccountWouldCancelTheCopyUntilTurnedOff() throws Exception {
    LocalPostgres server = source();
    PgUri admin =
        database(
            server,
            "timeout_src",
            "CREATE TABLE t (id int PRIMARY KEY)",
            "DROP ROLE IF EXISTS timeout_reader",
            "CREATE ROLE timeout_reader LOGIN REPLICATION PASSWORD 'secret'",
            "ALTER ROLE timeout_reader SET statement_timeout = '5min'");
    PgUri account = TestDatabases.as(admin, "timeout_reader", "secret");

    Finding before =
        the(
            precheck(account, target),
            Level.WARNING,
            "statement-timeout",
            "source role timeout_reader");
    execute(server, "timeout_src", before.fixSql().orElseThrow());
    PrecheckReport after = precheck(account, target);

    assertThat(before.message()).contains("statement_timeout = 300000 ms");
    assertThat(before.fixSql())
        .contains("ALTER ROLE timeout_reader IN DATABASE timeout_src SET statement_timeout = 0;");
    assertThat(about(after, "statement-timeout", "source role timeout_reader")).isEmpty();
  }

  @Test
  void warnsOfLongRunningTransactionOnTheSource() throws Exception {
    LocalPostgres server = source();
    PgUri source = database(server, "long_xact_src", "CREATE TABLE t (id int PRIMARY KEY)");
    try (Connection connection = server.connect("long_xact_src");
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.execute("INSERT INTO t VALUES (1)");
      statement.execute("SELECT pg_sleep(0.2)");

      PrecheckReport report =
          precheck(
              source,
              target,
              PrecheckSettings.defaults().withLongTransaction(Duration.ofMillis(100)));

      assertThat(report.findings())
          .as(report.toText())
          .anySatisfy(
              f -> {
                assertThat(f.check()).isEqualTo("long-transactions");
                assertThat(f.level()).isEqualTo(Level.WARNING);
                assertThat(f.message())
                    .contains("in database long_xact_src")
                    .contains("has written")
                    .contains("creating the replication slot waits until it ends");
                assertThat(f.fixSql().orElseThrow()).startsWith("SELECT pg_terminate_backend(");
              });
      connection.rollback();
    }
  }

  @Test
  void refusesExistingSlotOfTheSameNameAndWarnsOfInactiveOnesAndOfAbandonedWaysBack()
      throws Exception {
    LocalPostgres server = source();
    PgUri source =
        database(
            server,
            "slots_src",
            "SELECT pg_create_logical_replication_slot('precheck_same', 'pgoutput')",
            "SELECT pg_create_logical_replication_slot('precheck_idle', 'pgoutput')",
            "SELECT pg_create_logical_replication_slot('pgcarry_earlier_fallback', 'pgoutput')");
    execute(
        target(),
        "settings_dst",
        "SELECT pg_create_logical_replication_slot('pgcarry_shop_fallback', 'pgoutput')");
    try {
      PrecheckReport report =
          precheck(source, target, PrecheckSettings.defaults().withSlotName("precheck_same"));

      Finding same =
          the(report, Level.ERROR, "replication-slots", "replication slot precheck_same");
      assertThat(same.message()).contains("already exists in database slots_src");
      assertThat(same.fixSql()).contains("SELECT pg_drop_replication_slot('precheck_same');");
      assertThat(
              the(report, Level.WARNING, "replication-slots", "replication slot precheck_idle")
                  .message())
          .contains("is inactive and holds back");
      assertThat(about(report, "replication-slots", "replication slot precheck_same")).hasSize(1);
      // A server migrated to earlier with cutover --fallback, now migrated from.
      assertThat(
              the(
                      report,
                      Level.WARNING,
                      "replication-slots",
                      "replication slot pgcarry_earlier_fallback")
                  .message())
          .contains("on the source is the way back of pgcarry migration earlier")
          .contains("pgcarry cleanup --name earlier --source OLD --target NEW");
      Finding wayBack =
          the(report, Level.WARNING, "fallback-slots", "replication slot pgcarry_shop_fallback");
      assertThat(wayBack.message())
          .contains("on the target is the way back of pgcarry migration shop")
          .contains("until its disk is full")
          .contains("pgcarry finish --name shop");
      assertThat(wayBack.fixSql())
          .contains("SELECT pg_drop_replication_slot('pgcarry_shop_fallback');");
    } finally {
      execute(
          server,
          "postgres",
          "SELECT pg_drop_replication_slot('precheck_same')",
          "SELECT pg_drop_replication_slot('precheck_idle')",
          "SELECT pg_drop_replication_slot('pgcarry_earlier_fallback')");
      execute(target(), "postgres", "SELECT pg_drop_replication_slot('pgcarry_shop_fallback')");
    }
  }
}
