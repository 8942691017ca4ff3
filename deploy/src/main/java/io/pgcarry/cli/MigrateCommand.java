package io.pgcarry.cli;

import io.pgcarry.common.MigrationName;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.migrate.CutoverResult;
import io.pgcarry.migrate.MigrationDriver;
import io.pgcarry.migrate.MigrationRun;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.migrate.MigrationSummary;
import io.pgcarry.migrate.SchemaToolWork;
import io.pgcarry.migrate.SourceDatabases;
import io.pgcarry.migrate.VerifyFailed;
import io.pgcarry.schema.MappingFile;
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
          + " source account leaves behind.",
      "--mapping renames schemas, tables and columns and leaves columns out, in the schema, the"
          + " connectors, status, cutover and verify alike (config/README-mapping.md)."
          + " --no-streaming copies one snapshot and ends: the source must not be written during"
          + " the run. --databases and --all-databases migrate several databases of the source"
          + " server in one run, each with its own slot and connectors; status and cutover cover"
          + " them all.",
      "Without --connect-url, a Kafka broker and a Connect worker run inside this process, with"
          + " their data under --work-dir; running migrate again with the same --name resumes.",
      "Progress is printed here; `pgcarry status --name NAME` shows it from another shell; the"
          + " full log is in WORK-DIR/NAME/pgcarry.log."
    })
public final class MigrateCommand implements Callable<Integer> {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  @Mixin VerboseOption verbose;

  @Option(
      names = "--source",
      required = true,
      description =
          "Source database URI: postgresql://user:password@host:port/dbname[?sslmode=...]")
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
      description = "REST URL of an existing Kafka Connect cluster (needs --bootstrap-servers).")
  URI connectUrl;

  @Option(names = "--bootstrap-servers", description = "The Kafka cluster of --connect-url.")
  String bootstrapServers;

  @Option(
      names = "--cutover-timeout",
      defaultValue = "PT10M",
      description =
          "How long a cutover may wait for the target to catch up (default: ${DEFAULT-VALUE}).")
  Duration cutoverTimeout;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    MigrationRun run = run();
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
    out.flush();
    var progress = new ProgressPrinter(out);
    MigrationDriver driver =
        new MigrationDriver(
            run,
            database ->
                new SchemaToolWork(
                    database, run, line -> progress.accept(prefix(run, database) + line)),
            progress,
            cutoverTimeout);
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
    out.println(run.streaming() ? "cutover complete:" : "migration complete:");
    result.steps().forEach(step -> out.println("  " + step));
    out.println(result.message());
    out.print(summary.toText());
    out.println("summary as JSON: " + json);
    if (!result.followUp().isEmpty()) {
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
  private MigrationRun run() throws SQLException {
    PgUri sourceUri = Uris.parse("--source", source);
    PgUri targetUri = Uris.parse("--target", target);
    if ((connectUrl == null) != (bootstrapServers == null)) {
      throw new CommandFailure(
          ExitCode.USAGE,
          "--connect-url and --bootstrap-servers go together: give both or neither");
    }
    if (databases != null && allDatabases) {
      throw new CommandFailure(ExitCode.USAGE, "give --databases or --all-databases, not both");
    }
    NameMapping names = mapping == null ? NameMapping.IDENTITY : MappingFile.read(mapping);
    MigrationSpec template =
        new MigrationSpec(
            name == null ? new MigrationName(sourceUri.database()).value() : name,
            sourceUri,
            targetUri,
            workDir,
            selection.selection().includes(),
            selection.selection().excludes(),
            Optional.ofNullable(connectUrl),
            Optional.ofNullable(bootstrapServers),
            names);
    if (databases == null && !allDatabases) {
      requireTargetDatabase(names, sourceUri, targetUri);
      return MigrationRun.of(template).with(!noStreaming, keepBookkeeping);
    }
    List<String> selected = allDatabases ? SourceDatabases.list(sourceUri) : databases;
    if (selected.isEmpty()) {
      throw new CommandFailure(ExitCode.USAGE, "no database to migrate");
    }
    return MigrationRun.ofDatabases(template, selected, !noStreaming, keepBookkeeping);
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
