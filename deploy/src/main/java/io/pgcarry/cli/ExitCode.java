package io.pgcarry.cli;

/** The documented exit codes of every pgcarry command. */
public enum ExitCode {
  /** The command did what it was asked. */
  OK(0),
  /** A check ran and found problems: precheck errors, verify mismatches, cutover not reached. */
  CHECK_FAILED(1),
  /** The command line is invalid (picocli's usage error code). */
  USAGE(2),
  /** A database could not be reached, authenticated against, or found. */
  CONNECTION(3),
  /** The operation failed for another reason. */
  FAILED(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
