package io.pgcarry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pgcarry migrate}. */
@Command(name = "migrate", mixinStandardHelpOptions = true, description = "(being built)")
public final class MigrateCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    throw new CommandFailure(ExitCode.FAILED, "migrate is not available in this build yet");
  }
}
