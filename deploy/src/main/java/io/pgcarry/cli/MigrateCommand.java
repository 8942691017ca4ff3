package io.pgcarry.cli;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.MigrationName;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.migrate.DdlOptions;
import io.pgcarry.migrate.MigrationDriver;
import io.pgcarry.migrate.MigrationRun;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.migrate.OperatorOptions;
import io.pgcarry.migrate.RunSettings;
import io.pgcarry.migrate.SchemaToolWork;
import io.pgcarry.migrate.SourceDatabases;
import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.VerifyFailed;
import io.pgcarry.migrate.probes.WalThresholds;
import io.pgcarry.migrate.state.CutoverResult;
import io.pgcarry.migrate.state.MigrationSummary;
import io.pgcarry.migrate.state.WorkDir;
import io.pgcarry.schema.MappingFile;
import io.pgcarry.status.StatusServer;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
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
          + " non-unique indexes and create triggers and foreign keys (post-data), then stream"
          + " every committed change until `pgcarry cutover` is run from another shell. Exits 0"
          + " when the cutover completes, with a summary of every step and its duration (also"
          + " written as WORK-DIR/NAME/summary.json), and the statements that remove what the"
          + " source account leaves behind. After `pgcarry cutover --fallback` it goes on,"
          + " streaming the new server's changes back to the old one, and exits 0 after"
          + " `pgcarry fallback` or `pgcarry finish`.",
      "--mapping renames schemas, tables and columns and leaves columns out, in the schema, the"
          + " connectors, status, cutover and verify alike (config/README-mapping.md)."
          + " --no-streaming copies one snapshot and ends: the source must not be written during"
          + " the run. --databases and --all-databases migrate several databases of the source"
          + " server in one run, each with its own slot and connectors; status and cutover cover"
          + " them all. --capture-ddl carries DDL run on the source while streaming, in stream"
          + " order, and streams tables created meanwhile.",
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

  @Option(names = "--name", description = "Migration name (default: the database of --source).")
  String name;

  @Option(
      names = "--mapping",
      paramLabel = "FILE",
      description =
          "YAML or JSON file renaming databases, schemas, tables and columns and leaving columns"
              + " out (config/README-mapping.md).")
  Path mapping;

  @Option(
      names = "--no-streaming",
      description =
          "Copy one snapshot only: schema, full load, post-data, sequences, verify. The slot is"
              + " dropped as soon as the load is on the target; the source must not be written"
              + " during the run.")
  boolean noStreaming;

  @Option(
      names = "--capture-ddl",
      description =
          "Carry DDL run on the source while streaming to the target, each command where it ran"
              + " in the stream of changes, and stream tables created meanwhile (among the"
              + " selected tables) with their rows. Installs event triggers on the source"
              + " (needs a superuser and PostgreSQL 14 or later; removed at cutover and"
              + " cleanup). Without it, DDL on the source while streaming stops the sink at the"
              + " first change that no longer fits the target.")
  boolean captureDdl;

  @Option(
      names = "--set-replica-identity",
      description =
          "With --capture-ddl: give a table created without a primary key REPLICA IDENTITY"
              + " FULL, so that it streams at once. Without it such a table waits (pgcarry"
              + " status names it and the fix) until it gets a key or a replica identity.")
  boolean setReplicaIdentity;

  @Option(
      names = "--skip-ddl",
      split = ",",
      paramLabel = "LSN",
      description =
          "With --capture-ddl: captured DDL commands not to run on the target, by the LSN the"
              + " sink's failure names, after you made the target match by hand.")
  List<String> skipDdl;

  @Option(
      names = "--snapshot-rate",
      paramLabel = "SIZE",
      converter = ByteSizeConverter.class,
      description =
          "Most bytes the full load reads per second from each source database, e.g. 50MB, so"
              + " that it leaves the source's disks and network to the application (default:"
              + " no limit).")
  Long snapshotRate;

  @Option(
      names = "--keep-bookkeeping",
      description =
          "Keep pgcarry's position table (pgcarry.applied_position) on the target after the"
              + " run; by default it is removed, so the target looks restored from a dump.")
  boolean keepBookkeeping;

  @Option(
      names = "--databases",
      split = ",",
      paramLabel = "DB",
      description =
          "Migrate these databases of the --source server (comma-separated), each into the"
              + " database of that name on the --target server (or the one the mapping's"
              + " `databases` names). The URIs' own databases are only where pgcarry connects"
              + " first.")
  List<String> databases;

  @Option(
      names = "--all-databases",
      description = "Like --databases, with every database of the source that is not a template.")
  boolean allDatabases;

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
              + " provider (docs/data-platform.md). With --databases or"
              + " --all-databases, each database's under its migration name:"
              + " NAME.source.password and NAME.target.uri.")
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
    MigrationRun run = run(sourceUri, targetUri);
    WorkDir dir = new WorkDir(workDir, run.name());
    dir.create();
    PrintWriter out = spec.commandLine().getOut();
    for (MigrationSpec database : run.databases()) {
      out.println(
          "pgcarry migrate "
              + database.name()
              + ": "
              + database.source()
              + " -> "
              + database.target()
              + (run.streaming() ? "" : " (no streaming)"));
    }
    out.println("log: " + dir.logFile().toAbsolutePath());
    out.flush();
    try (MigrationLog log = MigrationLog.open(dir.logFile().toAbsolutePath());
        StatusServer server = StatusServer.start(dir, run.name(), httpPort)) {
      out.println(
          "status page: "
              + server.url()
              + " (Prometheus metrics at "
              + server.url().resolve("metrics")
              + ")");
      out.flush();
      return migrate(run, out, new OperatorOptions(Optional.of(server.url()), wal));
    }
  }

  private int migrate(MigrationRun run, PrintWriter out, OperatorOptions operator)
      throws Exception {
    var progress = new ProgressPrinter(out);
    MigrationDriver driver =
        new MigrationDriver(
            run,
            database ->
                new SchemaToolWork(
                    database, run, line -> progress.accept(prefix(run, database) + line)),
            progress,
            cutoverTimeout,
            operator);
    MigrationSummary summary;
    try {
      summary = driver.run();
    } catch (VerifyFailed e) {
      throw new CommandFailure(ExitCode.CHECK_FAILED, e.getMessage(), e);
    }
    print(out, run, summary, driver.workDir().path().resolve("summary.json"));
    return ExitCode.OK.code();
  }

  /** With one database, the mapping may name its target database only as --target does. */
  private static void requireTargetDatabase(NameMapping names, PgUri source, PgUri target) {
    String renamed = names.database(source.database());
    if (!renamed.equals(source.database()) && !renamed.equals(target.database())) {
      throw new CommandFailure(
          ExitCode.USAGE,
          "the mapping names database "
              + renamed
              + " as the target of "
              + source.database()
              + ", but --target names "
              + target.database()
              + "; make them agree");
    }
  }

  private static void print(
      PrintWriter out, MigrationRun run, MigrationSummary summary, Path json) {
    CutoverResult result = summary.cutover();
    boolean wayBack =
        summary.steps().stream().anyMatch(s -> s.step().equals(Step.REVERSE_STREAMING.label()));
    out.println(
        wayBack
            ? "way back ended:"
            : run.streaming() ? "cutover complete:" : "migration complete:");
    result.steps().forEach(step -> out.println("  " + step));
    out.println(result.message());
    out.print(summary.toText());
    out.println("summary as JSON: " + json);
    if (wayBack) {
      // What to point the application at.
      result.followUp().forEach(out::println);
    } else if (!result.followUp().isEmpty()) {
      out.println("afterwards, on the source:");
      result.followUp().forEach(line -> out.println("  " + line));
    }
    out.flush();
  }

  /** What a database's lines start with: its name, in a run over several. */
  private static String prefix(MigrationRun run, MigrationSpec database) {
    return run.severalDatabases() ? database.source().database() + ": " : "";
  }

  /** What to migrate, from the command line. */
  private MigrationRun run(PgUri sourceUri, PgUri targetUri) throws SQLException {
    if (databases != null && allDatabases) {
      throw new CommandFailure(ExitCode.USAGE, "give --databases or --all-databases, not both");
    }
    NameMapping names = mapping == null ? NameMapping.IDENTITY : MappingFile.read(mapping);
    MigrationSpec template =
        new MigrationSpec(
            name == null ? new MigrationName(sourceUri.database()).value() : name,
            sourceUri,
            targetUri,
            selection.selection().includes(),
            selection.selection().excludes(),
            names);
    RunSettings settings =
        new RunSettings(
            workDir,
            connectUrl == null ? List.of() : connectUrl,
            Optional.ofNullable(bootstrapServers),
            Optional.ofNullable(workerSecrets),
            Optional.ofNullable(kafkaConfig));
    DdlOptions ddl = ddlOptions();
    if (databases == null && !allDatabases) {
      requireTargetDatabase(names, sourceUri, targetUri);
      return MigrationRun.of(template, settings)
          .with(!noStreaming, keepBookkeeping)
          .with(ddl)
          .withSnapshotRate(snapshotRate());
    }
    List<String> selected = allDatabases ? SourceDatabases.list(sourceUri) : databases;
    if (selected.isEmpty()) {
      throw new CommandFailure(ExitCode.USAGE, "no database to migrate");
    }
    return MigrationRun.ofDatabases(template, settings, selected, !noStreaming, keepBookkeeping)
        .with(ddl)
        .withSnapshotRate(snapshotRate());
  }

  private long snapshotRate() {
    if (snapshotRate != null && snapshotRate < 1) {
      throw new CommandFailure(ExitCode.USAGE, "--snapshot-rate must be positive");
    }
    return snapshotRate == null ? 0 : snapshotRate;
  }

  /** The DDL options, which go together. */
  private DdlOptions ddlOptions() {
    List<String> skip = skipDdl == null ? List.of() : skipDdl;
    if (!captureDdl && (setReplicaIdentity || !skip.isEmpty())) {
      throw new CommandFailure(
          ExitCode.USAGE,
          (setReplicaIdentity ? "--set-replica-identity" : "--skip-ddl")
              + " is for --capture-ddl, which carries DDL while streaming");
    }
    if (captureDdl && noStreaming) {
      throw new CommandFailure(
          ExitCode.USAGE,
          "--capture-ddl carries DDL while streaming; --no-streaming does not stream");
    }
    for (String lsn : skip) {
      try {
        Lsn.parse(lsn.strip());
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(
            ExitCode.USAGE, "--skip-ddl: '" + lsn + "' is not an LSN of the form X/Y");
      }
    }
    return new DdlOptions(captureDdl, setReplicaIdentity, skip);
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
