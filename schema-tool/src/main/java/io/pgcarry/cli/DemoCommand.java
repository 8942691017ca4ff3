package io.pgcarry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pgcarry demo}. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "(being built)")
public final class DemoCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    throw new CommandFailure(ExitCode.FAILED, "demo is not available in this build yet");
  }
}
