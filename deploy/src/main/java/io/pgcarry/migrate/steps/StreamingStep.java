package io.pgcarry.migrate.steps;

import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.probes.ProgressMonitor;
import io.pgcarry.migrate.state.WorkDir;
import java.time.Duration;

/**
 * Changes committed on the source stream to the target; the step publishes the lag every second and
 * ends when {@code pgcarry cutover} has asked for a cutover (the request stays in the work
 * directory for the cutover step).
 */
public final class StreamingStep implements MigrationStep {

  private static final Duration TICK = Duration.ofSeconds(1);

  private final WorkDir workDir;
  private final ProgressMonitor monitor;

  public StreamingStep(WorkDir workDir, ProgressMonitor monitor) {
    this.workDir = workDir;
    this.monitor = monitor;
  }

  @Override
  public Step step() {
    return Step.STREAMING;
  }

  @Override
  public String description() {
    return "streaming changes";
  }

  @Override
  public void run() throws Exception {
    while (true) {
      monitor.observe(
          Step.STREAMING, lag -> lag.records() == 0 ? "streaming, no delay" : "streaming");
      if (workDir.cutoverRequest().isPresent()) {
        return;
      }
      Thread.sleep(TICK.toMillis());
    }
  }
}
