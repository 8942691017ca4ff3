package io.pgcarry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pgcarry precheck}. */
@Command(name = "precheck", mixinStandardHelpOptions = true, description = "(being built)")
public final class PrecheckCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    throw new CommandFailure(ExitCode.FAILED, "precheck is not available in this build yet");
  }
}
