package io.pgcarry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pgcarry status}. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "(being built)")
public final class StatusCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    throw new CommandFailure(ExitCode.FAILED, "status is not available in this build yet");
  }
}
