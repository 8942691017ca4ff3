package io.pgcarry.bench;

import io.pgcarry.common.ConnectionFailure;
import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.deploy.ConnectClient;
import io.pgcarry.deploy.EmbeddedRuntime;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.state.MigrationState;
import io.pgcarry.migrate.state.MigrationStatus;
import io.pgcarry.migrate.state.WorkDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code pgcarry migrate} as a process of its own, as an operator runs it: the benchmark times it
 * from its start until it streams, reads its CPU and memory from {@code /proc}, pauses and resumes
 * its connectors through its worker's REST API, and cuts it over at the end. Not thread-safe.
 */
final class PgcarryProcess implements Replica {

  static final String NAME = "bench";
  private static final Duration POLL = Duration.ofMillis(100);
  private static final String MAIN = "io.pgcarry.cli.Pgcarry";

  private final PgUri target;
  private final Path workRoot;
  private final Process process;
  private final long started;
  private final MigrationSpec spec;
  private double firstRows;
  private Connection watch;

  private PgcarryProcess(
      PgUri target, Path workRoot, Process process, long started, MigrationSpec spec) {
    this.target = target;
    this.workRoot = workRoot;
    this.process = process;
    this.started = started;
    this.spec = spec;
  }

  /**
   * Starts {@code migrate} in a new JVM with the product's class path: the one the launcher names
   * ({@code pgcarry.product.classpath}, without the benchmark's jar, so that the process maps the
   * class-data archive an operator's migrate writes), else this JVM's.
   *
   * @param heap the new JVM's {@code -Xmx}, such as {@code 1g}
   * @param javaOptions further options of the new JVM
   * @param profile where to write a flight recording of the whole run, or empty for none
   */
  static PgcarryProcess start(
      PgUri source,
      PgUri target,
      Path workRoot,
      String heap,
      List<String> javaOptions,
      Optional<Path> profile)
      throws IOException {
    Files.createDirectories(workRoot);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.addAll(javaOptions);
    profile.ifPresent(
        file ->
            command.add(
                "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + file));
    command.add("-Dpgcarry.log.file=" + workRoot.resolve("pgcarry.log"));
    command.addAll(List.of("-cp", productClassPath(), MAIN, "migrate"));
    command.addAll(List.of("--source", source.toUriString(), "--target", target.toUriString()));
    command.addAll(List.of("--name", NAME, "--work-dir", workRoot.toString()));
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(workRoot.resolve("migrate.out").toFile())
            .start();
    // An interrupted benchmark leaves no migrate process behind.
    Runtime.getRuntime()
        .addShutdownHook(new Thread(process::destroyForcibly, "bench-migrate-stop"));
    return new PgcarryProcess(target, workRoot, process, started, spec(source, target));
  }

  @Override
  public String name() {
    return "pgcarry";
  }

  @Override
  public PgUri target() {
    return target;
  }

  @Override
  public OptionalLong process() {
    return OptionalLong.of(process.pid());
  }

  /** The stages of the migrate JVM, by its connectors' thread names. */
  static CpuStages stages(PgUri source, PgUri target) {
    MigrationSpec spec = spec(source, target);
    return new CpuStages(spec.sourceConnectorName(), spec.sinkConnectorName());
  }

  private static MigrationSpec spec(PgUri source, PgUri target) {
    return new MigrationSpec(NAME, source, target, List.of(), List.of(), NameMapping.IDENTITY);
  }

  /**
   * Waits until the migration streams: precheck, schema, full load and post-data are done.
   *
   * @return the seconds since the process started
   */
  double awaitStreaming(Duration timeout) throws InterruptedException, IOException {
    WorkDir dir = workDir();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (firstRows == 0 && targetHoldsRows()) {
        firstRows = NativeReplica.seconds(started);
      }
      Optional<MigrationStatus> status = dir.readStatus();
      if (status.isPresent() && status.get().step() == Step.STREAMING) {
        return NativeReplica.seconds(started);
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "pgcarry migrate exited " + process.exitValue() + " before streaming: " + outputTail());
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IllegalStateException(
        "pgcarry migrate did not reach streaming within " + timeout + ": " + outputTail());
  }

  /**
   * Whether the sink has committed rows of the full load: any row in any table of the target's
   * public schema, whose tables the pre-data step creates. One connection, opened once the target
   * database exists and closed once rows are there, so that the watch costs the target little.
   */
  private boolean targetHoldsRows() {
    try {
      if (watch == null) {
        watch = Connections.open(target, "target");
      }
      try (Statement statement = watch.createStatement();
          ResultSet tables =
              statement.executeQuery(
                  "SELECT string_agg(format('SELECT 1 FROM %I.%I', schemaname, relname),"
                      + " ' UNION ALL ') FROM pg_stat_user_tables WHERE schemaname = 'public'")) {
        tables.next();
        String any = tables.getString(1);
        if (any == null) {
          return false;
        }
        try (ResultSet rows = statement.executeQuery("SELECT EXISTS (" + any + ")")) {
          rows.next();
          if (!rows.getBoolean(1)) {
            return false;
          }
        }
      }
      watch.close();
      return true;
    } catch (ConnectionFailure | SQLException e) {
      // The target database does not exist yet, or a table is being created.
      return false;
    }
  }

  /** The seconds each step up to streaming took, from the migration's state. */
  List<BenchReport.Step> steps() {
    Optional<MigrationState> state = workDir().readState();
    List<BenchReport.Step> steps = new ArrayList<>();
    if (firstRows > 0) {
      steps.add(new BenchReport.Step("first rows on the target at", firstRows));
    }
    for (Step step :
        List.of(Step.PRECHECK, Step.SCHEMA_PRE_DATA, Step.FULL_LOAD, Step.SCHEMA_POST_DATA)) {
      Instant from = state.map(s -> s.stepStarted().get(step)).orElse(null);
      Instant to = state.map(s -> s.stepFinished().get(step)).orElse(null);
      if (from != null && to != null) {
        steps.add(new BenchReport.Step(step.label(), Duration.between(from, to).toMillis() / 1e3));
      }
    }
    return steps;
  }

  ProcessUsage usage() throws IOException {
    return ProcessUsage.of(process.pid());
  }

  @Override
  public void pause() throws InterruptedException {
    ConnectClient connect = connect();
    connect.pause(spec.sourceConnectorName());
    connect.pause(spec.sinkConnectorName());
    awaitState(connect, "PAUSED");
  }

  @Override
  public void resume() throws InterruptedException {
    ConnectClient connect = connect();
    connect.resume(spec.sinkConnectorName());
    connect.resume(spec.sourceConnectorName());
    awaitState(connect, "RUNNING");
  }

  /**
   * Cuts the migration over with {@code pgcarry cutover} and waits for {@code migrate} to exit.
   *
   * @param pgcarry runs a pgcarry command line in this JVM and returns its exit code
   * @return whether both exited 0
   */
  boolean cutover(Function<String[], Integer> pgcarry, Duration timeout)
      throws InterruptedException {
    int cutover =
        pgcarry.apply(new String[] {"cutover", "--name", NAME, "--work-dir", workRoot.toString()});
    boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return cutover == 0 && exited && process.exitValue() == 0;
  }

  /** Kills the process if it still runs. */
  void destroy() {
    process.destroyForcibly();
  }

  private void awaitState(ConnectClient connect, String state) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      boolean all = true;
      for (String name : List.of(spec.sourceConnectorName(), spec.sinkConnectorName())) {
        all &=
            connect
                .status(name)
                .map(
                    s ->
                        s.state().equals(state)
                            && s.tasks().stream().allMatch(t -> t.state().equals(state)))
                .orElse(false);
      }
      if (all) {
        return;
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IllegalStateException(
        "the connectors of migration " + NAME + " did not become " + state + " within 60 s");
  }

  private ConnectClient connect() {
    return new ConnectClient(
        EmbeddedRuntime.connectUrlIn(workDir().runtimeDir())
            .orElseThrow(
                () -> new IllegalStateException("no embedded runtime in " + workDir().path())));
  }

  private WorkDir workDir() {
    return new WorkDir(workRoot, NAME);
  }

  private String outputTail() {
    try {
      List<String> lines = Files.readAllLines(workRoot.resolve("migrate.out"));
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()))
          + " (log: "
          + workDir().logFile()
          + ")";
    } catch (IOException e) {
      return "no output (" + e.getMessage() + ")";
    }
  }

  private static String productClassPath() {
    return System.getProperty("pgcarry.product.classpath", System.getProperty("java.class.path"));
  }
}
