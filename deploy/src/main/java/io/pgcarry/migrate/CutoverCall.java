package io.pgcarry.migrate;

import io.pgcarry.migrate.OperatorCall.Refused;
import io.pgcarry.migrate.state.CutoverRequest;
import io.pgcarry.migrate.state.CutoverResult;
import io.pgcarry.migrate.state.MigrationStatus;
import io.pgcarry.migrate.state.WorkDir;
import io.pgcarry.migrate.steps.CutoverStep;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What {@code pgcarry cutover} does: asks the running {@code migrate} process, through the
 * migration's work directory, to cut over ({@link CutoverStep} does it), and waits for the outcome
 * it writes there. Stateless.
 */
public final class CutoverCall {

  private CutoverCall() {}

  /**
   * Asks for a cutover and waits for its outcome.
   *
   * @param status reads the migration's last published status
   * @param fallback whether the new server then streams back to the old one
   * @param progress receives a line once the cutover is asked for
   * @return the outcome, successful or not; empty when the migration was cut over before
   * @throws Refused when no running migration streams, or no outcome came in time
   */
  public static Optional<CutoverResult> request(
      WorkDir dir,
      Supplier<MigrationStatus> status,
      boolean fallback,
      Duration timeout,
      Consumer<String> progress)
      throws InterruptedException {
    MigrationStatus current = running(dir, status);
    if (current.step() == Step.DONE || current.step() == Step.REVERSE_STREAMING) {
      return Optional.empty();
    }
    if (current.step() != Step.STREAMING) {
      throw new Refused(
          Refused.Reason.NOT_STREAMING,
          "migration "
              + dir.name()
              + " is in step "
              + current.step().label()
              + "; cutover is possible once it streams (see `pgcarry status`)");
    }
    CutoverRequest request =
        new CutoverRequest(UUID.randomUUID().toString(), Instant.now(), fallback);
    dir.requestCutover(request);
    progress.accept("cutover requested; waiting for the target to apply every change...");
    return Optional.of(
        OperatorCall.await(
            "cutover",
            dir,
            request.id(),
            dir::cutoverResult,
            () -> {
              if (!running(dir, status).fresh()) {
                throw new Refused(
                    Refused.Reason.STOPPED,
                    "the migrate process of " + dir.name() + " stopped during cutover");
              }
            },
            timeout));
  }

  /** The status of a migration that is running or done. */
  private static MigrationStatus running(WorkDir dir, Supplier<MigrationStatus> status) {
    MigrationStatus current = status.get();
    if (current.step() != Step.DONE && !current.fresh()) {
      throw new Refused(
          Refused.Reason.NOT_RUNNING,
          "migration "
              + dir.name()
              + " is not running: start `pgcarry migrate` again (it resumes),"
              + " then cut over");
    }
    return current;
  }
}
