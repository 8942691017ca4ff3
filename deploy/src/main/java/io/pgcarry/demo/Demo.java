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
 * while a workload keeps writing, a cutover, and a verification. With a way back: a cutover with
 * {@code --fallback}, the workload writing on the new server while its changes stream back, a
 * fallback, and a verification of the old server against the new one.
 */
public final class Demo {

  /** The demo migration's name. */
  public static final String NAME = "shop";

  private final Path workDir;
  private final PrintWriter out;
  private final Function<String[], Integer> pgcarry;
  private final Duration streamingTime;
  private final boolean fallback;

  /**
   * @param workDir where servers and the migration keep their data
   * @param out the terminal
   * @param pgcarry runs a pgcarry command line and returns its exit code
   * @param streamingTime how long the workload runs once changes stream, each way
   * @param fallback whether to cut over with a way back, write on the new server and fall back
   */
  public Demo(
      Path workDir,
      PrintWriter out,
      Function<String[], Integer> pgcarry,
      Duration streamingTime,
      boolean fallback) {
    this.workDir = workDir;
    this.out = out;
    this.pgcarry = pgcarry;
    this.streamingTime = streamingTime;
    this.fallback = fallback;
  }

  /**
   * Runs the demo; true when the migrated database verifies equal to the source (with a way back:
   * the old database equal to the new one after the fallback).
   */
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
      say("the application keeps writing to the source during the whole migration");
      long transactions =
          write(
              source,
              () -> {
                boolean streams = waitForStreaming(migration, migrate);
                if (streams) {
                  say(
                      "streaming; letting the application write for "
                          + streamingTime.toSeconds()
                          + " s more");
                  Thread.sleep(streamingTime.toMillis());
                }
                return streams;
              });
      if (transactions < 0) {
        say("the migration stopped before streaming; see " + migration.logFile());
        return false;
      }
      say(String.format("application stopped after %,d transactions", transactions));
      String migrations = workDir.resolve("migrations").toString();
      say("cutting over: pgcarry cutover --name " + NAME + (fallback ? " --fallback" : ""));
      int cutover =
          pgcarry.apply(
              fallback
                  ? new String[] {"cutover", "--name", NAME, "--work-dir", migrations, "--fallback"}
                  : new String[] {"cutover", "--name", NAME, "--work-dir", migrations});
      if (fallback) {
        if (cutover != 0) {
          // migrate streams on forward after a cutover refused: it stops with the servers.
          say("cutover exited " + cutover + "; see " + migration.logFile());
          return false;
        }
        return fallBack(target, sourceUri, targetUri, migrate, migrations, start);
      }
      int migrated = migrate.get();
      if (cutover != 0 || migrated != 0) {
        say("cutover exited " + cutover + ", migrate exited " + migrated);
        return false;
      }
      return verify(sourceUri, targetUri, "the target equals the source", start);
    }
  }

  /**
   * After {@code cutover --fallback}: the application writes on the new server while its changes
   * stream back, then {@code pgcarry fallback}, then the old server verified against the new one.
   */
  private boolean fallBack(
      LocalPostgres target,
      PgUri sourceUri,
      PgUri targetUri,
      CompletableFuture<Integer> migrate,
      String migrations,
      Instant start)
      throws Exception {
    say(
        "the application now writes to the new server for "
            + streamingTime.toSeconds()
            + " s; its changes stream back to the old one");
    long transactions =
        write(
            target,
            () -> {
              Thread.sleep(streamingTime.toMillis());
              return true;
            });
    say(String.format("application stopped after %,d transactions", transactions));
    say("falling back: pgcarry fallback --name " + NAME);
    Instant asked = Instant.now();
    int fellBack =
        pgcarry.apply(new String[] {"fallback", "--name", NAME, "--work-dir", migrations});
    int migrated = migrate.get();
    if (fellBack != 0 || migrated != 0) {
      say("fallback exited " + fellBack + ", migrate exited " + migrated);
      return false;
    }
    say(
        "fallback took "
            + Duration.between(asked, Instant.now()).toMillis()
            + " ms; verifying every table of the old server against the new one");
    return verify(targetUri, sourceUri, "the old server equals the new one", start);
  }

  /**
   * Runs the shop's application on {@code server} until {@code meanwhile} returns.
   *
   * @return the transactions it committed, or -1 when {@code meanwhile} returned false
   */
  private static long write(LocalPostgres server, Meanwhile meanwhile) throws Exception {
    ShopWorkload workload =
        new ShopWorkload(server.jdbcUrl(NAME), PgUri.parse(server.uri(NAME)).jdbcProperties(), 40);
    Thread writer = new Thread(workload, "shop-workload");
    writer.start();
    boolean completed;
    try {
      completed = meanwhile.run();
    } finally {
      workload.stop();
      writer.join();
    }
    if (workload.failure() != null) {
      throw new IllegalStateException("the demo workload failed", workload.failure());
    }
    return completed ? workload.transactions() : -1;
  }

  /** What the demo does while the application writes; false when the demo cannot go on. */
  @FunctionalInterface
  private interface Meanwhile {
    boolean run() throws Exception;
  }

  /** Compares every table of {@code reference} with {@code copy}, and prints the outcome. */
  private boolean verify(PgUri reference, PgUri copy, String equal, Instant start)
      throws Exception {
    say("verifying every table: row counts and checksums");
    VerifyReport report = new TableVerifier(reference, copy, TableSelection.all()).verify();
    out.print(report.toText());
    say(
        String.format(
            "demo finished in %d s: %s",
            Duration.between(start, Instant.now()).toSeconds(),
            report.matches() ? equal : "MISMATCH"));
    return report.matches();
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
