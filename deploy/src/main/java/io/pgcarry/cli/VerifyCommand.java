package io.pgcarry.cli;

import io.pgcarry.common.MigrationName;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.state.MigrationStatus;
import io.pgcarry.migrate.state.RunDatabases;
import io.pgcarry.migrate.state.WorkDir;
import io.pgcarry.migrate.verify.MigrationWatch;
import io.pgcarry.migrate.verify.OnlineVerification;
import io.pgcarry.migrate.verify.OnlineVerifyPlan;
import io.pgcarry.migrate.verify.OnlineVerifyProgress;
import io.pgcarry.migrate.verify.OnlineVerifyReport;
import io.pgcarry.schema.MappingFile;
import io.pgcarry.verify.TableVerifier;
import io.pgcarry.verify.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pgcarry verify}: compares row counts and checksums of every table; with {@code --online},
 * chunk by chunk while a migration streams ({@link OnlineVerification}).
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Compare every selected table of the source and the target: row count and an"
          + " order-independent checksum of the rows. Exit 0 only when everything matches.",
      "Without --online, run it after cutover, or while writes are stopped: rows changing under it"
          + " differ.",
      "With --online --name NAME, while migration NAME streams and the application writes: each"
          + " table is cut into key ranges, each range counted and checksummed on the source in a"
          + " short transaction that holds the table in SHARE mode (writers wait at most that"
          + " long) and written into the change stream; the sink compares the same rows of the"
          + " target when it reaches that point, where the target stands exactly where the source"
          + " stood. Prints per table 'identical at LSN ...' or the ranges that differ; without"
          + " --repair, a range of at most 10,000 rows that differs is read again the same way"
          + " and compared row by row, to name the keys of its rows that differ (at most 100; the"
          + " rows themselves for a table without an integer key). Needs a"
          + " PostgreSQL 14 source and a role allowed to lock the tables in SHARE mode (UPDATE,"
          + " DELETE or TRUNCATE on them, or their owner).",
      "With --mapping, each source table is compared with the table the mapping names, over the"
          + " columns it carries, under their target names.",
      "With --repair, each chunk that differs is replaced on the target through the stream and"
          + " compared again.",
      "Exit codes: 0 every table identical (with --repair: after the repair); 1 a table differs,"
          + " or a chunk could not be compared (its table never locked in time, or the sink's"
          + " result late) or repaired; 2 usage; 3 a database"
          + " out of reach; 4 another failure (the migration not streaming when it starts, or cut over"
          + " before the sink compared every chunk). A migrate stopped or restarted meanwhile is"
          + " waited for: its markers wait in the slot, and each chunk is compared once."
    })
public final class VerifyCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;

  @Option(names = "--source", required = true, description = "Source database URI.")
  String source;

  @Option(names = "--target", required = true, description = "Target database URI.")
  String target;

  @Mixin SelectionOptions selection;

  @Option(
      names = "--mapping",
      paramLabel = "FILE",
      description = "The mapping the migration ran with (config/README-mapping.md).")
  Path mapping;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(
      names = "--online",
      description = "Verify while the migration named by --name streams (see above).")
  boolean online;

  @Option(
      names = "--repair",
      description =
          "With --online: replace each chunk that differs on the target by its rows on the source,"
              + " read under the same lock and carried through the stream to its place there, then"
              + " compare it again. A chunk of more than 512 KiB of COPY text is not repaired:"
              + " verify its table with smaller --chunk-rows.")
  boolean repair;

  @Option(
      names = "--resume",
      description =
          "With --online: resume the last online verification of the migration, stopped before its"
              + " end (Ctrl-C, a crash): the same run and chunks; those the sink has already"
              + " compared are not checked again.")
  boolean resume;

  @Option(
      names = "--name",
      description =
          "With --online: the streaming migration, as given to (or defaulted by) migrate; in a"
              + " run over several databases the run's name, with --source and --target naming"
              + " one of its databases and the one it migrates into.")
  String name;

  @Option(
      names = "--work-dir",
      defaultValue = ".pgcarry",
      description = "With --online: the migration's work directory (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(
      names = "--chunk-rows",
      defaultValue = "10000",
      description =
          "With --online: rows per chunk of a table with a one-column integer primary key"
              + " (default: ${DEFAULT-VALUE}); writers of the table wait at most the time it takes"
              + " to read one. A table without such a key is one chunk, read whole under the lock.")
  long chunkRows;

  @Option(
      names = "--rate",
      defaultValue = "100000",
      description =
          "With --online: the most rows read from the source per second, over all connections;"
              + " 0 for no limit (default: ${DEFAULT-VALUE}).")
  long rate;

  @Option(
      names = "--jobs",
      defaultValue = "2",
      description = "With --online: chunks checked at once (default: ${DEFAULT-VALUE}).")
  int jobs;

  @Option(
      names = "--lock-timeout",
      defaultValue = "PT0.05S",
      description =
          "With --online: how long one attempt waits for a table's lock, ISO-8601; a chunk not"
              + " locked in time is tried again later (default: ${DEFAULT-VALUE}).")
  Duration lockTimeout;

  @Option(
      names = "--timeout",
      defaultValue = "PT30M",
      description =
          "With --online: how long the whole verification may take, ISO-8601; chunks not compared"
              + " by then are reported as such (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    NameMapping names = mapping == null ? NameMapping.IDENTITY : MappingFile.read(mapping);
    PrintWriter out = spec.commandLine().getOut();
    if ((repair || resume) && !online) {
      throw new CommandFailure(
          ExitCode.USAGE, "--repair and --resume are options of --online verifications");
    }
    if (online) {
      return online(names, out);
    }
    VerifyReport report =
        new TableVerifier(
                Uris.parse("--source", source),
                Uris.parse("--target", target),
                selection.selection(),
                names)
            .verify();
    out.print(json ? WorkDir.json(report) + "\n" : report.toText());
    out.flush();
    return report.matches() ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
  }

  private int online(NameMapping names, PrintWriter out) throws Exception {
    if (name == null) {
      throw new CommandFailure(ExitCode.USAGE, "--online needs --name, the streaming migration");
    }
    if (chunkRows < 1 || rate < 0 || jobs < 1 || lockTimeout.isNegative() || timeout.isNegative()) {
      throw new CommandFailure(
          ExitCode.USAGE,
          "--chunk-rows and --jobs must be positive, --rate, --lock-timeout and --timeout not"
              + " negative");
    }
    MigrationName run = new MigrationName(name);
    WorkDir runDir = new WorkDir(workDir, run.value());
    requireStreaming(runDir);
    MigrationName migration = databaseMigration(runDir, run);
    // The plan and the progress are the database's: cutover brings each database's up to date.
    WorkDir dir = new WorkDir(workDir, migration.value());
    OnlineVerifyPlan plan = resume ? stoppedPlan(dir) : null;
    OnlineVerification verification = new OnlineVerification(settings(migration, names));
    Consumer<String> lines =
        line -> {
          if (!json) {
            out.println(line);
            out.flush();
          }
        };
    Consumer<OnlineVerifyReport> sofar =
        report -> dir.writeOnlineVerify(OnlineVerifyProgress.now(false, report));
    OnlineVerifyReport report;
    OnlineVerifyReport repaired = null;
    try {
      report = verification.run(plan, dir::writeOnlineVerifyPlan, watch(runDir), lines, sofar);
      if (repair && report.tables().stream().anyMatch(t -> !t.differing().isEmpty())) {
        out.print(json ? "" : report.toText());
        repaired = verification.repair(report, watch(runDir), lines, sofar);
      } else if (!repair && !report.identical()) {
        report = verification.inspect(report, watch(runDir), lines, sofar);
      }
    } catch (IllegalStateException e) {
      markStopped(dir);
      throw new CommandFailure(ExitCode.FAILED, e.getMessage(), e);
    } catch (Exception | Error e) {
      markStopped(dir);
      throw e;
    }
    OnlineVerifyReport last = repaired == null ? report : repaired;
    dir.writeOnlineVerify(OnlineVerifyProgress.now(true, last));
    if (json) {
      Map<String, OnlineVerifyReport> both = new LinkedHashMap<>();
      both.put("verify", report);
      both.put("repair", repaired);
      out.print(WorkDir.json(repair ? both : report) + "\n");
    } else {
      out.print(last.toText());
    }
    out.flush();
    // Repaired, every chunk compared identical: those of the verification, or after their repair.
    boolean settled = report.tables().stream().allMatch(t -> t.pending() == 0);
    return settled && last.identical() ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
  }

  /**
   * The migration whose stream carries the verification: the run's own, or in a run over several
   * databases ({@code migrate --databases}), where each streams under a name of its own, that of
   * the database {@code --source} names, whose target {@code --target} must name.
   */
  private MigrationName databaseMigration(WorkDir runDir, MigrationName run) {
    List<RunDatabases.Entry> databases =
        runDir.readDatabases().map(RunDatabases::databases).orElse(List.of());
    if (databases.stream().allMatch(d -> d.name().equals(run.value()))) {
      return run;
    }
    String sourceDatabase = Uris.parse("--source", source).database();
    String targetDatabase = Uris.parse("--target", target).database();
    RunDatabases.Entry database =
        databases.stream()
            .filter(d -> d.source().equals(sourceDatabase))
            .findFirst()
            .orElseThrow(
                () ->
                    new CommandFailure(
                        ExitCode.USAGE,
                        "migration "
                            + name
                            + " migrates the databases "
                            + databases.stream()
                                .map(RunDatabases.Entry::source)
                                .collect(Collectors.joining(", "))
                            + "; --source names "
                            + sourceDatabase
                            + ": give the URI of one of them, and verify each in turn"));
    if (!database.target().equals(targetDatabase)) {
      throw new CommandFailure(
          ExitCode.USAGE,
          "database "
              + database.source()
              + " of migration "
              + name
              + " migrates into "
              + database.target()
              + ", but --target names "
              + targetDatabase);
    }
    return new MigrationName(database.name());
  }

  private OnlineVerification.Settings settings(MigrationName migration, NameMapping names) {
    return new OnlineVerification.Settings(
        migration,
        Uris.parse("--source", source),
        Uris.parse("--target", target),
        selection.selection(),
        names,
        chunkRows,
        rate,
        jobs,
        lockTimeout,
        timeout);
  }

  private void requireStreaming(WorkDir dir) {
    if (!streaming(dir)) {
      throw new CommandFailure(
          ExitCode.FAILED,
          "migration "
              + name
              + " in "
              + workDir.toAbsolutePath()
              + " is not streaming: the online verification runs while migrate streams (check"
              + " --name and --work-dir, and pgcarry status)");
    }
  }

  /** Marks the verification that runs as stopped before its end, for a resume. */
  private static void markStopped(WorkDir dir) {
    dir.readOnlineVerify()
        .filter(progress -> progress.pid() == ProcessHandle.current().pid())
        .ifPresent(progress -> dir.writeOnlineVerify(progress.stop()));
  }

  /** The plan of the last online verification, when it stopped before its end. */
  private OnlineVerifyPlan stoppedPlan(WorkDir dir) {
    OnlineVerifyProgress last =
        dir.readOnlineVerify()
            .orElseThrow(
                () ->
                    new CommandFailure(
                        ExitCode.USAGE, "--resume: no online verification of " + name + " ran"));
    if (last.finished() || last.running()) {
      throw new CommandFailure(
          ExitCode.USAGE,
          "--resume: online verification "
              + last.report().run()
              + (last.finished() ? " finished" : " still runs (pid " + last.pid() + ")"));
    }
    return dir.readOnlineVerifyPlan()
        .filter(plan -> plan.run().equals(last.report().run()))
        .orElseThrow(
            () ->
                new CommandFailure(
                    ExitCode.USAGE,
                    "--resume: the chunks of online verification "
                        + last.report().run()
                        + " were not kept"));
  }

  /**
   * The migration as the work directory shows it: it streams while its migrate runs at that step;
   * it ended once its status is past streaming. A migrate that stopped or resumes is neither.
   */
  private static MigrationWatch watch(WorkDir dir) {
    return new MigrationWatch() {
      @Override
      public boolean streaming() {
        return VerifyCommand.streaming(dir);
      }

      @Override
      public boolean ended() {
        return dir.readStatus()
            .map(status -> status.step().compareTo(Step.STREAMING) > 0)
            .orElse(false);
      }
    };
  }

  /** Whether the migration's migrate runs, and streams. */
  private static boolean streaming(WorkDir dir) {
    return dir.readStatus()
        .filter(MigrationStatus::fresh)
        .map(status -> status.step() == Step.STREAMING && status.failure() == null)
        .orElse(false);
  }
}
