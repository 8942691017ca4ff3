package io.pgcarry.migrate.fallback;

import io.pgcarry.common.Lsn;
import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.probes.ProgressMonitor;
import io.pgcarry.migrate.state.CutoverResult;
import io.pgcarry.migrate.state.ReverseOutcome;
import io.pgcarry.migrate.state.ReverseRequest;
import io.pgcarry.migrate.state.WorkDir;
import io.pgcarry.migrate.steps.MigrationStep;
import io.pgcarry.migrate.steps.PositionGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a cutover with {@code --fallback}: changes committed on the new server stream back to the
 * old one ({@link ReverseReplication}); the step publishes the reverse lag every second, as
 * streaming does the forward one, and answers the request of {@code pgcarry fallback} or {@code
 * pgcarry finish} in the work directory. A fallback whose gate times out is answered as failed and
 * the way back goes on; the step ends with the first request that succeeds.
 */
public final class ReverseStep implements MigrationStep {

  private static final Logger LOG = LoggerFactory.getLogger(ReverseStep.class);
  private static final Duration TICK = Duration.ofSeconds(1);

  private final WorkDir workDir;
  private final ReverseReplication reverse;
  private final ProgressMonitor monitor;
  private final Duration timeout;
  private ReverseOutcome outcome;

  /**
   * @param timeout how long a fallback may wait for the old server to have every change
   */
  public ReverseStep(
      WorkDir workDir, ReverseReplication reverse, ProgressMonitor monitor, Duration timeout) {
    this.workDir = workDir;
    this.reverse = reverse;
    this.monitor = monitor;
    this.timeout = timeout;
  }

  @Override
  public Step step() {
    return Step.REVERSE_STREAMING;
  }

  @Override
  public String description() {
    return "streaming the new server's changes back to the old one";
  }

  @Override
  public void run() throws Exception {
    while (true) {
      monitor.observe(
          Step.REVERSE_STREAMING,
          lag ->
              lag.records() == 0
                  ? "streaming back to the old server, no delay"
                  : "streaming back to the old server");
      var request = workDir.reverseRequest();
      if (request.isPresent()) {
        ReverseOutcome answer = new ReverseOutcome(request.get().action(), answer(request.get()));
        if (answer.result().success()) {
          outcome = answer;
          return;
        }
        workDir.writeReverseResult(answer);
      }
      Thread.sleep(TICK.toMillis());
    }
  }

  /** The outcome of the request that ended the step. */
  public ReverseOutcome outcome() {
    return outcome;
  }

  private CutoverResult answer(ReverseRequest request) {
    boolean back = request.action() == ReverseRequest.Action.FALLBACK;
    String what = back ? "fallback" : "finish";
    Map<String, Lsn> positions = new LinkedHashMap<>();
    try {
      List<String> steps = new ArrayList<>();
      if (back) {
        PositionGate gate =
            new PositionGate(
                timeout, line -> monitor.report(Step.REVERSE_STREAMING, "fallback: " + line));
        steps.addAll(reverse.fallBack(gate, positions));
      } else {
        steps.addAll(reverse.finish());
      }
      return new CutoverResult(
          request.id(),
          true,
          back
              ? "fallback complete at new server LSN " + highest(positions)
              : "finished: the new server stays, the way back is removed",
          highest(positions),
          steps,
          reverse.followUp(back));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CutoverResult(request.id(), false, what + " failed: interrupted", null, List.of());
    } catch (Exception e) {
      LOG.error("The {} of {} failed", what, workDir.name(), e);
      return new CutoverResult(
          request.id(), false, what + " failed: " + e.getMessage(), highest(positions), List.of());
    }
  }

  private static String highest(Map<String, Lsn> positions) {
    return positions.values().stream().max(Lsn::compareTo).map(Lsn::toString).orElse(null);
  }
}
