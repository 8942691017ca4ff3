package io.pgcarry.migrate.fallback;

import io.pgcarry.migrate.OperatorCall;
import io.pgcarry.migrate.OperatorCall.Refused;
import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.state.CutoverResult;
import io.pgcarry.migrate.state.MigrationStatus;
import io.pgcarry.migrate.state.ReverseOutcome;
import io.pgcarry.migrate.state.ReverseRequest;
import io.pgcarry.migrate.state.WorkDir;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What {@code pgcarry fallback} and {@code pgcarry finish} do: ask the running {@code migrate}
 * process, through the migration's work directory, to end the way back ({@link ReverseStep} does
 * it), and wait for the outcome it writes there. Stateless.
 */
public final class ReverseCall {

  private ReverseCall() {}

  /**
   * Asks for a fallback or a finish and waits for its outcome.
   *
   * @param status reads the migration's last published status
   * @return the outcome, successful or not; empty when the way back was ended before by the same
   *     action
   * @throws Refused when no running migration streams back, or no outcome came in time
   */
  public static Optional<CutoverResult> request(
      WorkDir dir,
      Supplier<MigrationStatus> status,
      ReverseRequest.Action action,
      Duration timeout,
      Consumer<String> progress)
      throws InterruptedException {
    String command = command(action);
    MigrationStatus current = status.get();
    if (current.step() == Step.DONE) {
      return ended(dir, action);
    }
    if (current.step() != Step.REVERSE_STREAMING) {
      throw new Refused(
          Refused.Reason.NOT_CUT_OVER,
          "migration "
              + dir.name()
              + " is in step "
              + current.step().label()
              + ", not cut over yet: run `pgcarry cutover --name "
              + dir.name()
              + " --fallback` first");
    }
    requireRunning(dir, status, Refused.Reason.NOT_RUNNING);
    ReverseRequest request =
        new ReverseRequest(UUID.randomUUID().toString(), action, Instant.now());
    dir.requestReverse(request);
    progress.accept(
        command
            + " requested; "
            + (action == ReverseRequest.Action.FALLBACK
                ? "waiting for the old server to apply every change..."
                : "ending the way back..."));
    return Optional.of(
        OperatorCall.await(
            command,
            dir,
            request.id(),
            () -> dir.reverseResult().map(ReverseOutcome::result),
            () -> requireRunning(dir, status, Refused.Reason.STOPPED),
            timeout));
  }

  /**
   * A migration that is done: empty when its way back was ended by the same action before.
   *
   * @throws Refused when it had no way back, or it was ended the other way
   */
  private static Optional<CutoverResult> ended(WorkDir dir, ReverseRequest.Action action) {
    Optional<ReverseOutcome> earlier = dir.reverseResult().filter(o -> o.result().success());
    if (earlier.isPresent() && earlier.get().action() == action) {
      return Optional.empty();
    }
    if (earlier.isPresent()) {
      throw new Refused(
          Refused.Reason.NO_FALLBACK,
          "the way back of migration "
              + dir.name()
              + " was already ended by `pgcarry "
              + command(earlier.get().action())
              + "`: "
              + earlier.get().result().message());
    }
    throw new Refused(
        Refused.Reason.NO_FALLBACK,
        "migration "
            + dir.name()
            + " was cut over without a fallback slot: nothing streams back from the new"
            + " server, so `pgcarry "
            + command(action)
            + "` has nothing to end. A fallback slot is created by `pgcarry cutover --name "
            + dir.name()
            + " --fallback`, at cutover");
  }

  private static String command(ReverseRequest.Action action) {
    return action == ReverseRequest.Action.FALLBACK ? "fallback" : "finish";
  }

  private static void requireRunning(
      WorkDir dir, Supplier<MigrationStatus> status, Refused.Reason reason) {
    MigrationStatus current = status.get();
    if (current.step() != Step.DONE && !current.fresh()) {
      throw new Refused(
          reason,
          "the migrate process of "
              + dir.name()
              + " is not running: start `pgcarry migrate` again with the same options (it"
              + " resumes the way back), then run this command again");
    }
  }
}
