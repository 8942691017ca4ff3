package io.pgcarry.demo;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableSelection;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.PostgresInstallation;
import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.state.MigrationStatus;
import io.pgcarry.migrate.state.WorkDir;
import io.pgcarry.verify.TableVerifier;
import io.pgcarry.verify.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The demo: two local PostgreSQL servers, a shop database on the first, a migration to the second
 * while a workload keeps writing, a cutover, and a verification.
 */
public final class Demo {

  /** The demo migration's name. */
  public static final String NAME = "shop";

  private final Path workDir;
  private final PrintWriter out;
  private final Function<String[], Integer> pgcarry;
  private final Duration streamingTime;

  /**
   * @param workDir where servers and the migration keep their data
   * @param out the terminal
   * @param pgcarry runs a pgcarry command line and returns its exit code
   * @param streamingTime how long the workload runs once changes stream
   */
  public Demo(
      Path workDir, PrintWriter out, Function<String[], Integer> pgcarry, Duration streamingTime) {
    this.workDir = workDir;
    this.out = out;
    this.pgcarry = pgcarry;
    this.streamingTime = streamingTime;
  }

  /** Runs the demo; true when the migrated database verifies equal to the source. */
  public boolean run() throws Exception {
    Instant start = Instant.now();
    PostgresInstallation.Lookup binaries = PostgresInstallation.Lookup.fromSystemProperties();
    say("starting two PostgreSQL " + binaries.preferredMajor() + " servers");
    try (DemoServers servers = DemoServers.start(binaries, workDir.resolve("servers"))) {
      LocalPostgres source = servers.source();
      LocalPostgres target = servers.target();
      source.recreateDatabase(NAME);
      say("creating the shop database on the source (about 100,000 rows)");
      try (Connection connection = source.connect(NAME);
          Statement statement = connection.createStatement()) {
        statement.execute(SqlResource.load(Demo.class, "shop.sql").text());
      }
      PgUri sourceUri = PgUri.parse(source.uri(NAME));
      PgUri targetUri = PgUri.parse(target.uri(NAME));
      WorkDir migration = new WorkDir(workDir.resolve("migrations"), NAME);
      CompletableFuture<Integer> migrate =
          CompletableFuture.supplyAsync(
              () ->
                  pgcarry.apply(
                      new String[] {
                        "migrate",
                        "--source",
                        sourceUri.toUriString(),
                        "--target",
                        targetUri.toUriString(),
                        "--name",
                        NAME,
                        "--work-dir",
                        workDir.resolve("migrations").toString()
                      }));
      ShopWorkload workload =
          new ShopWorkload(
              source.jdbcUrl(NAME), PgUri.parse(source.uri(NAME)).jdbcProperties(), 40);
      Thread writer = new Thread(workload, "shop-workload");
      writer.start();
      say("the application keeps writing to the source during the whole migration");
      boolean streaming = waitForStreaming(migration, migrate);
      if (streaming) {
        say(
            "streaming; letting the application write for "
                + streamingTime.toSeconds()
                + " s more");
        Thread.sleep(streamingTime.toMillis());
      }
      workload.stop();
      writer.join();
      if (workload.failure() != null) {
        throw new IllegalStateException("the demo workload failed", workload.failure());
      }
      say(String.format("application stopped after %,d transactions", workload.transactions()));
      if (streaming) {
        say("cutting over: pgcarry cutover --name " + NAME);
      } else {
        say("the migration stopped before streaming; see " + migration.logFile());
        return false;
      }
      int cutover =
          pgcarry.apply(
              new String[] {
                "cutover", "--name", NAME, "--work-dir", workDir.resolve("migrations").toString()
              });
      int migrated = migrate.get();
      if (cutover != 0 || migrated != 0) {
        say("cutover exited " + cutover + ", migrate exited " + migrated);
        return false;
      }
      say("verifying every table: row counts and checksums");
      VerifyReport report = new TableVerifier(sourceUri, targetUri, TableSelection.all()).verify();
      out.print(report.toText());
      say(
          String.format(
              "demo finished in %d s: %s",
              Duration.between(start, Instant.now()).toSeconds(),
              report.matches() ? "the target equals the source" : "MISMATCH"));
      return report.matches();
    }
  }

  private boolean waitForStreaming(WorkDir migration, CompletableFuture<Integer> migrate)
      throws InterruptedException {
    while (!migrate.isDone()) {
      Optional<MigrationStatus> status = migration.readStatus();
      if (status.isPresent() && status.get().step() == Step.STREAMING) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }

  private void say(String line) {
    out.println("demo: " + line);
    out.flush();
  }
}
