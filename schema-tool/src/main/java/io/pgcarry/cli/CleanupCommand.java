package io.pgcarry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pgcarry cleanup}. */
@Command(name = "cleanup", mixinStandardHelpOptions = true, description = "(being built)")
public final class CleanupCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    throw new CommandFailure(ExitCode.FAILED, "cleanup is not available in this build yet");
  }
}
