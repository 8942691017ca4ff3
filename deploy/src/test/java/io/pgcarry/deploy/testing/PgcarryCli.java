package io.pgcarry.deploy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.cli.Pgcarry;
import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.state.WorkDir;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;

/**
 * The {@code pgcarry} command line run in the test JVM, as the end-to-end tests drive it: a command
 * in the foreground, {@code migrate} in the background as an operator runs it in one shell while
 * watching from another, and a wait for the step its status shows. Every test that runs a command
 * runs it through here. Thread-safe: each run has a command line of its own.
 */
public final class PgcarryCli {

  private PgcarryCli() {}

  /**
   * One finished run, as an operator would see it.
   *
   * @param code the exit code
   * @param out what it printed on standard output
   * @param err what it printed on standard error
   */
  public record Run(int code, String out, String err) {

    /** True when either stream shows a Java stack trace. */
    public boolean hasStackTrace() {
      return err.contains("\tat ") || out.contains("\tat ") || err.contains("Exception:");
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  /** Runs one command; standard output and error are kept apart. */
  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = run(out, err, args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Runs one command; everything it prints, out and err, goes to {@code output}. */
  public static int run(Writer output, String... args) {
    return run(output, output, args);
  }

  /** Runs one command, its standard output to {@code out}, its standard error to {@code err}. */
  public static int run(Writer out, Writer err, String... args) {
    return run(Pgcarry.commandLine(), out, err, args);
  }

  /**
   * Runs one command of {@code commandLine}, a command line built on {@link Pgcarry#commandLine()}
   * (the bench's, say).
   */
  public static int run(CommandLine commandLine, Writer out, Writer err, String... args) {
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(err == out ? commandLine.getOut() : new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  /** Runs one command in the background; its exit code completes the future. */
  public static CompletableFuture<Integer> start(Writer output, String... args) {
    return CompletableFuture.supplyAsync(() -> run(output, args));
  }

  /**
   * Waits until the migration's status shows the step; fails at once, with its output, when {@code
   * migrate} exited meanwhile.
   */
  public static void awaitStep(
      WorkDir dir, Step step, CompletableFuture<Integer> migrate, Duration timeout, Writer output) {
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
