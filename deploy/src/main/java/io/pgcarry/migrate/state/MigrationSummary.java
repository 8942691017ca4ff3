package io.pgcarry.migrate.state;

import io.pgcarry.migrate.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a finished migration did, step by step with each step's duration, and its cutover: printed
 * at the end of {@code migrate} and written to the work directory as {@code summary.json}.
 * Immutable.
 *
 * @param name the migration
 * @param steps the steps in order, each with its times
 * @param totalMillis from the start of the first step to the end of the last
 * @param cutover the cutover that ended the migration
 */
public record MigrationSummary(
    String name, List<StepTime> steps, long totalMillis, CutoverResult cutover) {

  public MigrationSummary {
    steps = List.copyOf(steps);
  }

  /**
   * One step's times. A step resumed after a restart counts from its first start.
   *
   * @param step the step's label, such as {@code full-load}
   * @param started when it first started
   * @param finished when it finished
   * @param millis how long it took
   */
  public record StepTime(String step, Instant started, Instant finished, long millis) {}

  /** The summary of the steps a migration's state records. */
  public static MigrationSummary of(String name, MigrationState state, CutoverResult cutover) {
    List<StepTime> steps = new ArrayList<>();
    Instant first = null;
    Instant last = null;
    for (Step step : Step.values()) {
      Instant started = state.stepStarted().get(step);
      Instant finished = state.stepFinished().get(step);
      if (step == Step.NEW || step == Step.DONE || started == null || finished == null) {
        continue;
      }
      steps.add(
          new StepTime(
              step.label(), started, finished, Duration.between(started, finished).toMillis()));
      first = first == null || started.isBefore(first) ? started : first;
      last = last == null || finished.isAfter(last) ? finished : last;
    }
    long total = first == null ? 0 : Duration.between(first, last).toMillis();
    return new MigrationSummary(name, steps, total, cutover);
  }

  /** A line per step with its duration, and the total. */
  public String toText() {
    StringBuilder out = new StringBuilder("steps of migration ").append(name).append(":\n");
    for (StepTime step : steps) {
      out.append(line(step.step(), step.millis()));
    }
    out.append(line("total", totalMillis));
    return out.toString();
  }

  private static String line(String label, long millis) {
    return String.format("  %-18s %10.1f s%n", label, millis / 1000.0);
  }
}
