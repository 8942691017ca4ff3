package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.deploy.testing.TableComparison;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.migrate.connectors.ConnectorSecrets;
import io.pgcarry.migrate.state.WorkDir;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A migration of test database {@code name} into {@code name_copy}, run by the CLI in this JVM on a
 * {@link NamedCluster}: its secrets in a file the worker reads, as a team puts it on its workers.
 *
 * @param name the migration and its source database
 * @param workDir the work directory
 * @param run the running {@code migrate}
 * @param output what it printed
 * @param args its arguments, for a resume
 */
record CliMigration(
    String name,
    Path workDir,
    CompletableFuture<Integer> run,
    StringWriter output,
    List<String> args) {

  /** An empty source database {@code name}, and no {@code name_copy} on the target. */
  static void freshDatabases(String name) throws Exception {
    TestPostgres.source().recreateDatabase(name);
    try (Connection c = TestPostgres.target().connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + "_copy WITH (FORCE)");
    }
  }

  /** Starts {@code migrate} with more options, and waits until it streams. */
  static CliMigration start(NamedCluster cluster, String name, List<String> options)
      throws Exception {
    CliMigration migration = begin(cluster, name, options);
    migration.awaitStep(Step.STREAMING);
    return migration;
  }

  /** Starts {@code migrate} with more options. */
  static CliMigration begin(NamedCluster cluster, String name, List<String> options)
      throws Exception {
    Path workDir = Files.createTempDirectory(name);
    List<String> args = migrateArgs(name, workDir);
    args.addAll(
        List.of(
            "--connect-url",
            cluster.runtime().connectUrl().toString(),
            "--bootstrap-servers",
            cluster.runtime().bootstrapServers(),
            "--worker-secrets",
            secretsFile(cluster.secretsDir(), name).toString()));
    args.addAll(options);
    return launch(name, workDir, args);
  }

  /**
   * The arguments of {@code migrate} from test database {@code name} into {@code name_copy}, as
   * migration {@code name} in {@code workDir}, to add to.
   */
  static List<String> migrateArgs(String name, Path workDir) {
    return new ArrayList<>(
        List.of(
            "migrate",
            "--source",
            TestPostgres.source().uri(name),
            "--target",
            TestPostgres.target().uri(name + "_copy"),
            "--name",
            name,
            "--work-dir",
            workDir.toString()));
  }

  /** {@code migrate} again with the same arguments and more, as an operator resumes it. */
  CliMigration resume(String... more) throws Exception {
    List<String> again = new ArrayList<>(args);
    again.addAll(List.of(more));
    CliMigration resumed = launch(name, workDir, again);
    resumed.awaitStep(Step.STREAMING);
    return resumed;
  }

  private static CliMigration launch(String name, Path workDir, List<String> args) {
    StringWriter output = new StringWriter();
    CompletableFuture<Integer> run = PgcarryCli.start(output, args.toArray(String[]::new));
    return new CliMigration(name, workDir, run, output, List.copyOf(args));
  }

  /** Waits until the run is at a step; fails when migrate stopped. */
  void awaitStep(Step step) {
    PgcarryCli.awaitStep(new WorkDir(workDir, name), step, run, Duration.ofMinutes(4), output);
  }

  /** Waits until the status message says something; fails when migrate stopped. */
  void awaitStatus(String text) throws Exception {
    WorkDir dir = new WorkDir(workDir, name);
    WaitFor.condition(
        Duration.ofMinutes(1),
        "the status to say: " + text,
        () -> {
          requireRunning(run, output);
          return dir.readStatus().map(st -> st.message().contains(text)).orElse(false);
        },
        output::toString);
  }

  /**
   * Waits until the target holds every row of the source; fails when migrate stopped. The source
   * must be quiet meanwhile.
   */
  void awaitApplied() throws Exception {
    WaitFor.condition(
        Duration.ofMinutes(3),
        "the target to have every change",
        () -> {
          requireRunning(run, output);
          try {
            return TableComparison.fingerprints(TestPostgres.target(), name + "_copy")
                .equals(TableComparison.fingerprints(TestPostgres.source(), name));
          } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("42")) {
              // A table listed a moment ago was dropped by a command the sink just applied.
              return false;
            }
            throw e;
          }
        },
        output::toString);
  }

  /** Cuts over; both {@code cutover} and {@code migrate} exit 0. */
  void cutover() throws Exception {
    int code = PgcarryCli.run(output, "cutover", "--name", name, "--work-dir", workDir.toString());
    assertThat(code).as(output::toString).isZero();
    assertThat(run.get(2, TimeUnit.MINUTES)).as(output::toString).isZero();
  }

  private static void requireRunning(CompletableFuture<Integer> run, StringWriter output)
      throws Exception {
    if (run.isDone()) {
      throw new AssertionError("migrate exited with " + run.get() + ": " + output);
    }
  }

  /** The secrets file of one migration. */
  private static Path secretsFile(Path secretsDir, String name) throws Exception {
    Path secrets = secretsDir.resolve(name + ".properties");
    Files.writeString(
        secrets,
        ConnectorSecrets.SOURCE_PASSWORD
            + "="
            + LocalPostgres.SUPERUSER
            + "\n"
            + ConnectorSecrets.TARGET_URI
            + "="
            + TestPostgres.target().uri(name + "_copy")
            + "\n");
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
    return secrets;
  }
}
