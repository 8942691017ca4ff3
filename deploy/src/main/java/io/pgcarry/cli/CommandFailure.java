package io.pgcarry.cli;

/**
 * A failure the user can act on: its message is printed as one line, and the process exits with its
 * {@link ExitCode}. The cause chain is printed only with {@code --verbose}.
 */
public class CommandFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  public CommandFailure(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CommandFailure(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
