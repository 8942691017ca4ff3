package io.pgcarry.cli;

import io.pgcarry.common.TableSelection;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --include} and {@code --exclude}: which tables a command takes, by the rules of {@link
 * TableSelection}, the same for every command.
 */
public final class SelectionOptions {

  @Option(
      names = "--include",
      paramLabel = "PATTERN",
      description =
          "Take only tables matching schema.table (* and ? allowed; a pattern without a dot"
              + " matches the table in every schema). Repeatable.")
  List<String> includes = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "PATTERN",
      description =
          "Leave out tables matching schema.table (schema.* leaves out a whole schema); wins over"
              + " --include. Repeatable.")
  List<String> excludes = new ArrayList<>();

  /**
   * The selection.
   *
   * @throws CommandFailure naming a malformed pattern
   */
  TableSelection selection() {
    try {
      return new TableSelection(includes, excludes);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(ExitCode.USAGE, e.getMessage());
    }
  }
}
