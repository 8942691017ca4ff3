package io.pgcarry.cli;

import io.pgcarry.common.ConnectionFailure;
import io.pgcarry.migrate.PrecheckFailed;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception escaping a command into one line on standard error and a documented exit code;
 * the stack trace is shown only when {@code --verbose} was given.
 */
final class FailureHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
    boolean verbose =
        parsed.subcommands().stream().anyMatch(sub -> sub.hasMatchedOption("--verbose"))
            || parsed.hasMatchedOption("--verbose");
    var err = commandLine.getErr();
    err.println(commandLine.getColorScheme().errorText("pgcarry: " + oneLine(e)));
    if (verbose) {
      e.printStackTrace(err);
    } else if (exitCodeOf(e) == ExitCode.FAILED.code()) {
      err.println("(run with --verbose for details)");
    }
    err.flush();
    return exitCodeOf(e);
  }

  static int exitCodeOf(Throwable e) {
    if (e instanceof picocli.CommandLine.ParameterException) {
      return ExitCode.USAGE.code();
    }
    if (e instanceof CommandFailure failure) {
      return failure.exitCode().code();
    }
    if (e instanceof PrecheckFailed) {
      return ExitCode.CHECK_FAILED.code();
    }
    if (e instanceof ConnectionFailure) {
      return ExitCode.CONNECTION.code();
    }
    if (e instanceof IllegalArgumentException) {
      return ExitCode.USAGE.code();
    }
    return ExitCode.FAILED.code();
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    return message.strip().replace('\n', ' ');
  }
}
