package io.pgcarry.cli;

import picocli.CommandLine;

/** Entry point of the {@code pgcarry} command. */
public final class Pgcarry {

  private Pgcarry() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and tests. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new PgcarryCommand());
    commandLine.setExecutionExceptionHandler(new FailureHandler());
    commandLine.setExitCodeExceptionMapper(FailureHandler::exitCodeOf);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine;
  }
}
