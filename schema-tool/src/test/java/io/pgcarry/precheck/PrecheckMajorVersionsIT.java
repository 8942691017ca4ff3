package io.pgcarry.precheck;

import static io.pgcarry.precheck.TestDatabases.database;
import static io.pgcarry.precheck.TestDatabases.precheck;
import static io.pgcarry.precheck.TestDatabases.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import io.pgcarry.local.LocalPostgres;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every catalog query runs on each major version pgcarry supports as a source. */
class PrecheckMajorVersionsIT {

  @AfterAll
  static void dropDatabases() throws Exception {
    TestDatabases.dropCreated();
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(ints = {10, 12, 17})
  void everyCheckRunsAndFindsTheSameProblemsOnEachSourceVersion(int major) throws Exception {
    LocalPostgres server = TestDatabases.start(major, Map.of());
    String slot = "majors_idle_" + major;
    try {
      PgUri source =
          database(
              server,
              "majors_src_" + major,
              "CREATE TABLE keyed (id int PRIMARY KEY, v text)",
              "CREATE TABLE loose (v text)",
              "CREATE UNLOGGED TABLE cache (k int PRIMARY KEY)",
              "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
      PgUri target = database(target(), "majors_dst_" + major);

      long started = System.nanoTime();
      PrecheckReport report = precheck(source, target);
      System.out.printf(
          "precheck of a PostgreSQL %d source took %d ms%n",
          major, (System.nanoTime() - started) / 1_000_000);

      assertThat(report.findings())
          .as(report.toText())
          .noneMatch(f -> f.message().contains("could not run"));
      assertThat(report.findings())
          .extracting(f -> f.level() + " " + f.check() + " " + f.object())
          .contains(
              "ERROR replica-identity public.loose",
              "WARNING keyless-tables public.loose",
              "WARNING unlogged-tables public.cache",
              "WARNING replication-slots replication slot " + slot);
      Set<Level> versionLevels =
          Set.copyOf(
              report.findings().stream()
                  .filter(f -> f.check().equals("version"))
                  .map(Finding::level)
                  .toList());
      assertThat(versionLevels)
          .isEqualTo(major > 15 ? Set.of(Level.ERROR, Level.INFO) : Set.of(Level.INFO));
    } finally {
      TestDatabases.stop(server);
    }
  }
}
