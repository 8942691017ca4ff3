package io.pgcarry.cli;

import io.pgcarry.demo.Demo;
import io.pgcarry.migrate.state.WorkDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pgcarry demo}: a whole migration on two local servers, under a write load. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Show a whole migration on this machine: start two local PostgreSQL servers, create a"
          + " sample shop database (about 100,000 rows) on the first, migrate it to the second"
          + " with `migrate` while an application keeps writing, cut over, verify, and print a"
          + " summary. Exits 0 only when verification passes.",
      "With --fallback, the cutover keeps a way back: the application then writes to the new"
          + " server, its changes stream back to the old one, `pgcarry fallback` returns to it,"
          + " and the old server is verified against the new one.",
      "PostgreSQL binaries come from /usr/lib/postgresql when installed, otherwise from the"
          + " embedded binaries shipped with pgcarry. Servers are removed at the end, and so is"
          + " the work directory (servers, Kafka's data, the log) when the demo succeeds, unless"
          + " --keep-work-dir is given; a failed demo keeps it and prints where its log is."
    })
public final class DemoCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;

  @Option(
      names = "--work-dir",
      description = "Directory for the servers and the migration (default: a new temporary one).")
  Path workDir;

  @Option(
      names = "--keep-work-dir",
      description = "Keep the work directory after a successful demo, to look at its log and data.")
  boolean keepWorkDir;

  @Option(
      names = "--streaming-time",
      defaultValue = "PT20S",
      description =
          "How long the application writes once changes stream (default: ${DEFAULT-VALUE}).")
  Duration streamingTime;

  @Option(
      names = "--fallback",
      description =
          "Cut over with a way back (cutover --fallback), let the application write to the new"
              + " server for --streaming-time while its changes stream back, fall back (pgcarry"
              + " fallback), and verify the old server against the new one.")
  boolean fallback;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** Removes the demo's work directory, or says where it is kept with its log. */
  private void removeOrKeep(Path dir, boolean remove) throws java.io.IOException {
    var out = spec.commandLine().getOut();
    if (remove) {
      WorkDir.deleteTree(dir);
      out.println("demo: removed its work directory " + dir);
    } else {
      out.println(
          "demo: work directory kept: "
              + dir
              + " (log: "
              + dir.resolve("migrations").resolve(Demo.NAME).resolve("pgcarry.log")
              + ")");
    }
    out.flush();
  }

  @Override
  public Integer call() throws Exception {
    // The servers run as an unprivileged user when pgcarry runs as root: it must reach the
    // directory.
    boolean created = workDir == null || !Files.exists(workDir);
    Path dir =
        workDir != null
            ? Files.createDirectories(workDir)
            : Files.createTempDirectory(
                "pgcarry-demo",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    var commandLine = spec.commandLine();
    var demo =
        new Demo(
            dir,
            commandLine.getOut(),
            args -> {
              var sub = Pgcarry.commandLine();
              // migrate prints the summary of the cutover, or of the fallback after a cutover with
              // --fallback; the command's copy of it is dropped.
              boolean summaryByMigrate =
                  "fallback".equals(args[0])
                      || ("cutover".equals(args[0]) && !List.of(args).contains("--fallback"));
              sub.setOut(
                  summaryByMigrate
                      ? new java.io.PrintWriter(java.io.Writer.nullWriter())
                      : commandLine.getOut());
              sub.setErr(commandLine.getErr());
              return sub.execute(args);
            },
            streamingTime,
            fallback);
    boolean success = false;
    try {
      success = demo.run();
    } finally {
      removeOrKeep(dir, success && created && !keepWorkDir);
    }
    return success ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
  }
}
