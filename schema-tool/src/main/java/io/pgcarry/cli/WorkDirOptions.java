package io.pgcarry.cli;

import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.migrate.WorkDir;
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
    return new WorkDir(workDir, MigrationSpec.checkName(name));
  }
}
