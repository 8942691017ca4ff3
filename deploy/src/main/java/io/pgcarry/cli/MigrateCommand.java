package io.pgcarry.cli;

import io.pgcarry.common.MigrationName;
import io.pgcarry.common.PgUri;
import io.pgcarry.migrate.CutoverResult;
import io.pgcarry.migrate.MigrationDriver;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.migrate.MigrationSummary;
import io.pgcarry.migrate.OperatorOptions;
import io.pgcarry.migrate.SchemaToolWork;
import io.pgcarry.migrate.WalThresholds;
import io.pgcarry.migrate.WorkDir;
import io.pgcarry.status.StatusServer;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pgcarry migrate}: runs a migration from schema to cutover. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Migrate a live database: run the precheck, create the target database and schema"
          + " (pre-data), load the existing rows from a consistent snapshot through Kafka, build"
          + " non-unique indexes and create triggers and foreign keys (post-data), then stream every committed change until `pgcarry cutover` is run"
          + " from another shell. Exits 0 when the cutover completes, with a summary of every step"
          + " and its duration (also written as WORK-DIR/NAME/summary.json).",
      "Without --connect-url, a Kafka broker and a Connect worker run inside this process, with"
          + " their data under --work-dir; running migrate again with the same --name resumes.",
      "Progress is printed here; `pgcarry status --name NAME` shows it from another shell, and"
          + " a status page with /metrics (Prometheus) is served on 127.0.0.1 (the address is"
          + " printed at start; --http-port). This migration's log is WORK-DIR/NAME/pgcarry.log,"
          + " rotated at 50 MB into pgcarry.log.1 to .5.",
      "Connector configurations carry no password: the workers read the secrets through Kafka's"
          + " file config provider, from WORK-DIR/NAME/connector-secrets.properties (mode 0600)"
          + " with the embedded worker, or from --worker-secrets on a cluster of your own.",
      "A source or target that restarts or drops the connection does not stop the run: the"
          + " connectors reconnect and retry, and the status shows the outage while it lasts. A"
          + " failed connector, a target table altered on the target, or a replication slot the"
          + " source invalidated stops it with one line that says what to do; running migrate"
          + " again resumes."
    })
public final class MigrateCommand implements Callable<Integer> {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  @Mixin VerboseOption verbose;

  @Option(
      names = "--source",
      required = true,
      description =
          "Source database URI: postgresql://user:password@host:port/dbname[?sslmode=...]; the"
              + " TLS parameters sslmode, sslrootcert, sslcert, sslkey (PKCS-8, PEM or DER, or PKCS-12)"
              + " and sslpassword reach every connection, the connectors' included.")
  String source;

  @Option(
      names = "--target",
      required = true,
      description = "Target database URI; the database is created when missing.")
  String target;

  @Option(names = "--name", description = "Migration name (default: the source database name).")
  String name;

  @Option(
      names = "--work-dir",
      defaultValue = ".pgcarry",
      description =
          "Directory for the migration's state and the embedded runtime (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Mixin SelectionOptions selection;

  @Option(
      names = "--connect-url",
      split = ",",
      paramLabel = "URL",
      description =
          "REST URL of an existing Kafka Connect cluster (needs --bootstrap-servers and"
              + " --worker-secrets): a load balancer, or several workers separated by commas,"
              + " asked in turn when one does not answer.")
  List<URI> connectUrl;

  @Option(names = "--bootstrap-servers", description = "The Kafka cluster of --connect-url.")
  String bootstrapServers;

  @Option(
      names = "--worker-secrets",
      paramLabel = "PATH",
      description =
          "With --connect-url: the path, on every Connect worker, of a properties file holding"
              + " source.password and target.uri, read through the workers' `file` config"
              + " provider (README: running on your Connect cluster).")
  Path workerSecrets;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "With --bootstrap-servers: Kafka client settings (security.protocol, ssl.*, sasl.*) for"
              + " pgcarry's own client, which reads the change topics' end offsets.")
  Path kafkaConfig;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      defaultValue = "0",
      description =
          "Port of the status page and /metrics on 127.0.0.1; 0 picks a free one (default:"
              + " ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--retained-wal-warning",
      paramLabel = "SIZE",
      defaultValue = "1GB",
      converter = ByteSizeConverter.class,
      description =
          "WAL retained by the slot from which status warns, e.g. 512MB (default:"
              + " ${DEFAULT-VALUE}; also from 50%% of the source's max_slot_wal_keep_size).")
  long walWarning;

  @Option(
      names = "--retained-wal-error",
      paramLabel = "SIZE",
      defaultValue = "8GB",
      converter = ByteSizeConverter.class,
      description =
          "WAL retained by the slot from which status reports an error (default:"
              + " ${DEFAULT-VALUE}; also from 80%% of max_slot_wal_keep_size).")
  long walError;

  @Option(
      names = "--cutover-timeout",
      defaultValue = "PT10M",
      description =
          "How long a cutover may wait for the target to catch up (default: ${DEFAULT-VALUE}).")
  Duration cutoverTimeout;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PgUri sourceUri = Uris.parse("--source", source);
    PgUri targetUri = Uris.parse("--target", target);
    checkClusterOptions();
    WalThresholds wal;
    try {
      wal = new WalThresholds(walWarning, walError);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(ExitCode.USAGE, "--retained-wal-warning: " + e.getMessage());
    }
    MigrationSpec migration = migration(sourceUri, targetUri);
    WorkDir dir = new WorkDir(workDir, migration.name());
    dir.create();
    PrintWriter out = spec.commandLine().getOut();
    out.println("pgcarry migrate " + migration.name() + ": " + sourceUri + " -> " + targetUri);
    out.println("log: " + dir.logFile().toAbsolutePath());
    out.flush();
    try (MigrationLog log = MigrationLog.open(dir.logFile().toAbsolutePath());
        StatusServer server = StatusServer.start(dir, migration.name(), httpPort)) {
      out.println(
          "status page: "
              + server.url()
              + " (Prometheus metrics at "
              + server.url().resolve("metrics")
              + ")");
      out.flush();
      return run(migration, out, new OperatorOptions(Optional.of(server.url()), wal));
    }
  }

  private MigrationSpec migration(PgUri sourceUri, PgUri targetUri) {
    return new MigrationSpec(
        name == null ? new MigrationName(sourceUri.database()).value() : name,
        sourceUri,
        targetUri,
        workDir,
        selection.selection().includes(),
        selection.selection().excludes(),
        connectUrl == null ? List.of() : connectUrl,
        Optional.ofNullable(bootstrapServers),
        Optional.ofNullable(workerSecrets),
        Optional.ofNullable(kafkaConfig));
  }

  /** The options of a cluster of the user's own go together. */
  private void checkClusterOptions() {
    if ((connectUrl == null) != (bootstrapServers == null)) {
      throw new CommandFailure(
          ExitCode.USAGE,
          "--connect-url and --bootstrap-servers go together: give both or neither");
    }
    if ((connectUrl == null) != (workerSecrets == null)) {
      throw new CommandFailure(
          ExitCode.USAGE,
          connectUrl == null
              ? "--worker-secrets is for --connect-url: the embedded worker reads the secrets"
                  + " pgcarry writes in the work directory"
              : "--connect-url needs --worker-secrets: the path, on the workers, of the"
                  + " properties file holding source.password and target.uri");
    }
    if (kafkaConfig != null && bootstrapServers == null) {
      throw new CommandFailure(
          ExitCode.USAGE,
          "--kafka-config is for --bootstrap-servers: the embedded broker needs none");
    }
  }

  private int run(MigrationSpec migration, PrintWriter out, OperatorOptions operator)
      throws Exception {
    var progress = new ProgressPrinter(out);
    MigrationDriver driver =
        new MigrationDriver(
            migration, new SchemaToolWork(migration, progress), progress, cutoverTimeout, operator);
    MigrationSummary summary = driver.run();
    CutoverResult result = summary.cutover();
    out.println("cutover complete:");
    result.steps().forEach(step -> out.println("  " + step));
    out.println(result.message());
    out.print(summary.toText());
    out.println("summary as JSON: " + driver.workDir().path().resolve("summary.json"));
    out.flush();
    return ExitCode.OK.code();
  }

  /**
   * Prints progress lines with a clock. A status line (starting with {@code [step]}) of the same
   * step as the previous one is printed at most every five seconds; other lines always.
   */
  static final class ProgressPrinter implements java.util.function.Consumer<String> {
    private static final Duration EVERY = Duration.ofSeconds(5);
    private final PrintWriter out;
    private String lastStep = "";
    private Instant lastPrint = Instant.EPOCH;

    ProgressPrinter(PrintWriter out) {
      this.out = out;
    }

    @Override
    public synchronized void accept(String line) {
      String step = line.startsWith("[") ? line.substring(0, line.indexOf(']') + 1) : "";
      Instant now = Instant.now();
      if (!step.isEmpty() && step.equals(lastStep) && now.isBefore(lastPrint.plus(EVERY))) {
        return;
      }
      lastStep = step;
      lastPrint = now;
      out.println(LocalTime.now().format(CLOCK) + " " + line);
      out.flush();
    }
  }
}
