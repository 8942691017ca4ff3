package io.pgcarry.cli;

import picocli.CommandLine.Option;

/** The {@code --verbose} option every command takes. */
public final class VerboseOption {
  @Option(
      names = {"-v", "--verbose"},
      description = "Print the cause chain and stack trace of a failure.")
  boolean verbose;
}
