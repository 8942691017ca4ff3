package io.pgcarry.cli;

import io.pgcarry.migrate.OperatorCall;
import io.pgcarry.migrate.fallback.ReverseCall;
import io.pgcarry.migrate.state.CutoverResult;
import io.pgcarry.migrate.state.ReverseRequest;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;

/**
 * What {@code pgcarry fallback} and {@code pgcarry finish} share: the request to the running
 * migration, its outcome printed, and the exit code. Stateless.
 */
final class ReverseCommand {

  private ReverseCommand() {}

  static int run(
      WorkDirOptions where, ReverseRequest.Action action, Duration timeout, PrintWriter out)
      throws InterruptedException {
    Optional<CutoverResult> result;
    try {
      result =
          ReverseCall.request(
              where.workDir(),
              where::status,
              action,
              timeout,
              line -> {
                out.println(line);
                out.flush();
              });
    } catch (OperatorCall.Refused e) {
      throw new CommandFailure(
          e.processGone() ? ExitCode.FAILED : ExitCode.CHECK_FAILED, e.getMessage());
    }
    if (result.isEmpty()) {
      out.println(
          "the way back of migration "
              + where.name
              + " has already ended: "
              + where
                  .workDir()
                  .reverseResult()
                  .map(outcome -> outcome.result().message())
                  .orElse("done"));
      return ExitCode.OK.code();
    }
    result.get().steps().forEach(step -> out.println("  " + step));
    out.println(result.get().message());
    result.get().followUp().forEach(out::println);
    out.flush();
    if (!result.get().success()) {
      throw new CommandFailure(ExitCode.CHECK_FAILED, result.get().message());
    }
    return ExitCode.OK.code();
  }
}
