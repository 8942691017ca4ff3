package io.pgcarry.migrate;

import io.pgcarry.migrate.state.CutoverResult;
import io.pgcarry.migrate.state.WorkDir;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the operator's commands to a running {@code migrate} share ({@link CutoverCall}, and the
 * fallback's {@code ReverseCall}): a request written to the migration's work directory, then a wait
 * for the outcome the process writes there under the request's id, for as long as the process runs.
 * Stateless.
 */
public final class OperatorCall {

  private static final Duration POLL = Duration.ofMillis(500);

  /** A request that could not be made, or whose outcome did not come. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
      /** No {@code migrate} process runs the migration. */
      NOT_RUNNING,
      /** The migration does not stream yet: no cutover. */
      NOT_STREAMING,
      /** The migration still replicates forward: it was not cut over. */
      NOT_CUT_OVER,
      /**
       * Nothing streams back: the migration was cut over without {@code --fallback}, or its way
       * back was ended the other way.
       */
      NO_FALLBACK,
      /** The {@code migrate} process stopped while it answered. */
      STOPPED,
      /** No outcome within the time given. */
      NO_OUTCOME
    }

    private final Reason reason;

    public Refused(Reason reason, String message) {
      super(message);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }

    /** Whether no {@code migrate} process was there to answer, before or during the wait. */
    public boolean processGone() {
      return reason == Reason.NOT_RUNNING || reason == Reason.STOPPED;
    }
  }

  private OperatorCall() {}

  /**
   * Waits for the outcome of a request.
   *
   * @param what the command, for the message when no outcome comes: {@code cutover}
   * @param requestId the id of the request written
   * @param outcome reads the last outcome written, of whichever request
   * @param whileRunning throws {@link Refused} once the {@code migrate} process no longer runs
   * @return the request's outcome
   * @throws Refused when the process stopped, or no outcome came within {@code timeout}
   */
  public static CutoverResult await(
      String what,
      WorkDir dir,
      String requestId,
      Supplier<Optional<CutoverResult>> outcome,
      Runnable whileRunning,
      Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Optional<CutoverResult> result = outcome.get();
      if (result.isPresent() && result.get().requestId().equals(requestId)) {
        return result.get();
      }
      whileRunning.run();
      Thread.sleep(POLL.toMillis());
    }
    throw new Refused(
        Refused.Reason.NO_OUTCOME,
        "no "
            + what
            + " outcome within "
            + timeout.toSeconds()
            + " s; see `pgcarry status --name "
            + dir.name()
            + "`");
  }
}
