package io.pgcarry.cli;

import io.pgcarry.common.MigrationName;
import io.pgcarry.migrate.state.MigrationStatus;
import io.pgcarry.migrate.state.WorkDir;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --name} and {@code --work-dir}, which locate a migration from any shell. */
public final class WorkDirOptions {

  @Option(
      names = "--name",
      required = true,
      description = "The migration's name, as given to (or defaulted by) migrate.")
  String name;

  @Option(
      names = "--work-dir",
      defaultValue = ".pgcarry",
      description = "Directory holding each migration's state (default: ${DEFAULT-VALUE}).")
  Path workDir;

  WorkDir workDir() {
    return new WorkDir(workDir, new MigrationName(name).value());
  }

  /**
   * The migration's last published status.
   *
   * @throws CommandFailure naming where it looked when there is none
   */
  MigrationStatus status() {
    return workDir()
        .readStatus()
        .orElseThrow(
            () ->
                new CommandFailure(
                    ExitCode.FAILED,
                    "no migration named '"
                        + name
                        + "' in "
                        + workDir.toAbsolutePath()
                        + ": check --name and --work-dir"));
  }
}
