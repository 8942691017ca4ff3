package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.migrate.probes.WalThresholds;
import io.pgcarry.migrate.state.CutoverRequest;
import io.pgcarry.migrate.state.CutoverResult;
import io.pgcarry.migrate.state.MigrationSummary;
import io.pgcarry.migrate.state.WorkDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The migration driver through its steps, on real servers and a real Kafka and Connect. */
class MigrationDriverIT {

  @Test
  void loadsStreamsAndCutsOverOnRequest() throws Exception {
    LocalPostgres source = TestPostgres.source();
    LocalPostgres target = TestPostgres.target();
    source.recreateDatabase("driver_it");
    try (Connection c = source.connect("driver_it");
        Statement s = c.createStatement()) {
      s.execute("CREATE SEQUENCE counter START 500");
      s.execute(
          "CREATE TABLE item (id int PRIMARY KEY, name text, n bigint DEFAULT nextval('counter'))");
      s.execute("CREATE TABLE log (line text)");
      s.execute("ALTER TABLE log REPLICA IDENTITY FULL");
      s.execute(
          "INSERT INTO item (id, name) SELECT i, 'item ' || i FROM generate_series(1, 2000) i");
      s.execute("INSERT INTO log SELECT 'same' FROM generate_series(1, 8)");
      s.execute("CREATE TABLE scratch (id int PRIMARY KEY)");
      s.execute("INSERT INTO scratch SELECT generate_series(1, 50)");
    }
    Path workDir = Files.createTempDirectory("driver-it");
    MigrationSpec spec =
        new MigrationSpec(
            "driver_it",
            PgUri.parse(source.uri("driver_it")),
            PgUri.parse(target.uri("driver_it_copy")),
            List.of(),
            List.of(),
            NameMapping.IDENTITY);
    List<String> progress = new CopyOnWriteArrayList<>();
    MigrationDriver driver =
        new MigrationDriver(
            MigrationRun.of(spec, RunSettings.embedded(workDir)),
            database -> new PgDumpSchemaWork(source, "driver_it", target, "driver_it_copy"),
            progress::add,
            Duration.ofMinutes(2),
            new OperatorOptions(Optional.empty(), new WalThresholds(1L << 30, 8L << 30)));
    CompletableFuture<MigrationSummary> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return driver.run();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    awaitStreaming(driver.workDir(), run, progress);
    try (Connection c = source.connect("driver_it");
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO item (id, name) VALUES (5000, 'new')");
      s.execute("UPDATE item SET name = 'changed' WHERE id <= 10");
      s.execute("DELETE FROM item WHERE id BETWEEN 100 AND 199");
      s.execute("DELETE FROM log WHERE ctid = (SELECT ctid FROM log LIMIT 1)");
      s.execute("TRUNCATE scratch");
      s.execute("INSERT INTO scratch VALUES (7)");
    }
    driver.workDir().requestCutover(new CutoverRequest("r1", Instant.now()));

    MigrationSummary summary = run.get(3, TimeUnit.MINUTES);
    CutoverResult result = summary.cutover();

    assertThat(result.success()).as(String.join("\n", progress)).isTrue();
    assertThat(driver.workDir().readState().orElseThrow().step()).isEqualTo(Step.DONE);
    assertThat(summary.steps())
        .extracting(MigrationSummary.StepTime::step)
        .containsExactly(
            "precheck", "schema-pre-data", "full-load", "schema-post-data", "streaming", "cutover");
    assertThat(summary.steps()).allMatch(step -> step.millis() >= 0);
    assertThat(summary.totalMillis())
        .isGreaterThanOrEqualTo(
            summary.steps().stream().mapToLong(MigrationSummary.StepTime::millis).sum());
    assertThat(driver.workDir().readSummary()).contains(summary);
    assertThat(summary.toText()).contains("full-load").contains("total");
    try (Connection c = target.connect("driver_it_copy");
        Statement s = c.createStatement()) {
      var rs =
          s.executeQuery(
              "SELECT (SELECT count(*) FROM item), (SELECT count(*) FROM item WHERE name = 'changed'),"
                  + " (SELECT count(*) FROM log), (SELECT last_value FROM counter),"
                  + " (SELECT string_agg(id::text, ',') FROM scratch)");
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1901);
      assertThat(rs.getLong(2)).isEqualTo(10);
      assertThat(rs.getLong(3)).as("one of eight identical rows deleted").isEqualTo(7);
      assertThat(rs.getLong(4)).as("sequence copied at cutover").isEqualTo(2500);
      assertThat(rs.getString(5)).as("TRUNCATE applied, then the insert after it").isEqualTo("7");
    }
  }

  private static void awaitStreaming(
      WorkDir dir, CompletableFuture<MigrationSummary> run, List<String> progress) {
    WaitFor.condition(
        Duration.ofMinutes(4),
        "the migration to stream",
        () -> {
          if (run.isDone()) {
            run.join();
          }
          return dir.readStatus().map(s -> s.step() == Step.STREAMING).orElse(false);
        },
        () -> String.join("\n", progress));
  }
}
