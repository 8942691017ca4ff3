package io.pgcarry.bench.cli;

import io.pgcarry.cli.Pgcarry;
import picocli.CommandLine;

/**
 * Entry point of {@code pgcarry bench}: the product's command line ({@link Pgcarry#commandLine()})
 * with the {@code bench} subcommand added, so that the benchmark stays out of the product jar.
 * {@code ./pgcarry bench …} runs this class, with this module's jar before deploy's class path.
 */
public final class PgcarryBench {

  private PgcarryBench() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The product's command line and {@code bench}, shared by {@link #main} and tests. */
  public static CommandLine commandLine() {
    CommandLine commandLine = Pgcarry.commandLine();
    commandLine.addSubcommand(new BenchCommand());
    return commandLine;
  }
}
