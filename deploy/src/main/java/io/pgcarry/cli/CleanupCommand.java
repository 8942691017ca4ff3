package io.pgcarry.cli;

import io.pgcarry.common.MigrationName;
import io.pgcarry.migrate.MigrationTeardown;
import io.pgcarry.migrate.cleanup.RoleCleanup;
import io.pgcarry.migrate.state.WorkDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pgcarry cleanup}: removes what a migration left behind, and migration-only roles. */
@Command(
    name = "cleanup",
    mixinStandardHelpOptions = true,
    description = {
      "Remove what a migration left behind: its replication slots and publications on the source"
          + " (an abandoned slot makes the source keep WAL forever), pgcarry's position table on"
          + " the target, and its work directory. Refuses while its migrate process runs. A run"
          + " over several databases is cleaned up in each of them.",
      "--drop-role drops a role that served the migration only, on whichever of --source and"
          + " --target has it: its privileges in every database, then the role. It refuses while"
          + " the role owns objects or has open sessions, and must be run as another role."
    })
public final class CleanupCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;

  @Option(
      names = "--name",
      description = "The migration to clean up, as given to (or defaulted by) migrate.")
  String name;

  @Option(
      names = "--work-dir",
      defaultValue = ".pgcarry",
      description = "Directory holding each migration's state (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(
      names = "--source",
      description = "Source URI: where the slots and publications are (needed with --name).")
  String source;

  @Option(names = "--target", description = "Target URI: also drop pgcarry's position table there.")
  String target;

  @Option(
      names = "--drop-role",
      paramLabel = "ROLE",
      description =
          "Drop this migration-only role where it exists (source or target server). Repeatable.")
  List<String> dropRoles = new ArrayList<>();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws SQLException, IOException, InterruptedException {
    if (name == null && dropRoles.isEmpty()) {
      throw new CommandFailure(ExitCode.USAGE, "give --name, --drop-role, or both");
    }
    if (name != null && source == null) {
      throw new CommandFailure(
          ExitCode.USAGE, "--name needs --source, where the migration's slot is");
    }
    if (source == null && target == null) {
      throw new CommandFailure(ExitCode.USAGE, "--drop-role needs --source or --target");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (name != null) {
      try {
        MigrationTeardown.run(
            new WorkDir(workDir, new MigrationName(name).value()),
            Uris.parse("--source", source),
            Optional.ofNullable(target).map(t -> Uris.parse("--target", t)),
            out::println);
      } catch (MigrationTeardown.StillRunning e) {
        throw new CommandFailure(ExitCode.FAILED, e.getMessage());
      }
    }
    for (String role : dropRoles) {
      dropRole(out, role);
    }
    out.flush();
    return ExitCode.OK.code();
  }

  private void dropRole(PrintWriter out, String role) throws SQLException {
    List<String> done;
    try {
      done =
          RoleCleanup.drop(
              Optional.ofNullable(source).map(s -> Uris.parse("--source", s)),
              Optional.ofNullable(target).map(t -> Uris.parse("--target", t)),
              role);
    } catch (RoleCleanup.Refused e) {
      throw new CommandFailure(ExitCode.CHECK_FAILED, e.getMessage(), e);
    }
    if (done.isEmpty()) {
      throw new CommandFailure(
          ExitCode.CHECK_FAILED,
          "role " + role + " exists on neither server given (" + String.join(", ", given()) + ")");
    }
    done.forEach(out::println);
  }

  private List<String> given() {
    List<String> sides = new ArrayList<>();
    if (source != null) {
      sides.add("--source");
    }
    if (target != null) {
      sides.add("--target");
    }
    return sides;
  }
}
