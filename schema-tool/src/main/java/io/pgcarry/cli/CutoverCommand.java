package io.pgcarry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pgcarry cutover}. */
@Command(name = "cutover", mixinStandardHelpOptions = true, description = "(being built)")
public final class CutoverCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    throw new CommandFailure(ExitCode.FAILED, "cutover is not available in this build yet");
  }
}
