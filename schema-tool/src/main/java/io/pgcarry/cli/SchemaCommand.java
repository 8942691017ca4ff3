package io.pgcarry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pgcarry schema}. */
@Command(name = "schema", mixinStandardHelpOptions = true, description = "(being built)")
public final class SchemaCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    throw new CommandFailure(ExitCode.FAILED, "schema is not available in this build yet");
  }
}
