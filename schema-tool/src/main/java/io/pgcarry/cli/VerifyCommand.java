package io.pgcarry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pgcarry verify}. */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "(being built)")
public final class VerifyCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    throw new CommandFailure(ExitCode.FAILED, "verify is not available in this build yet");
  }
}
