package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.cli.Pgcarry;
import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.migrate.state.WorkDir;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code pgcarry} command line run in the test JVM, as the end-to-end tests drive it: a command
 * in the foreground, {@code migrate} in the background as an operator runs it in one shell while
 * watching from another, and a wait for the step its status shows.
 */
final class PgcarryCli {

  private PgcarryCli() {}

  /** Runs one command; everything it prints, out and err, goes to {@code output}. */
  static int run(StringWriter output, String... args) {
    var commandLine = Pgcarry.commandLine();
    PrintWriter writer = new PrintWriter(output, true);
    commandLine.setOut(writer);
    commandLine.setErr(writer);
    return commandLine.execute(args);
  }

  /** Runs one command in the background; its exit code completes the future. */
  static CompletableFuture<Integer> start(StringWriter output, String... args) {
    return CompletableFuture.supplyAsync(() -> run(output, args));
  }

  /**
   * Waits until the migration's status shows the step; fails at once, with its output, when {@code
   * migrate} exited meanwhile.
   */
  static void awaitStep(
      WorkDir dir,
      Step step,
      CompletableFuture<Integer> migrate,
      Duration timeout,
      StringWriter output) {
    WaitFor.condition(
        timeout,
        "migrate to reach " + step.label(),
        () -> {
          assertThat(migrate).as(output.toString()).isNotDone();
          return dir.readStatus().map(s -> s.step() == step).orElse(false);
        },
        output::toString);
  }
}
