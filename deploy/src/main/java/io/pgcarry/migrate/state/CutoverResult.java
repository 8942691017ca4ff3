package io.pgcarry.migrate.state;

import java.util.List;

/**
 * The outcome of a cutover.
 *
 * @param requestId the request it answers
 * @param success whether the target has every change and replication has ended
 * @param message one line for the operator
 * @param sourceLsn the source position the target was brought up to
 * @param steps what was done, in order, with timings
 * @param followUp what is left for the operator once the migration is over: the statements that
 *     remove the source account's leftovers, with comment lines; empty when nothing is left
 */
public record CutoverResult(
    String requestId,
    boolean success,
    String message,
    String sourceLsn,
    List<String> steps,
    List<String> followUp) {

  public CutoverResult {
    steps = List.copyOf(steps);
    followUp = followUp == null ? List.of() : List.copyOf(followUp);
  }

  /** An outcome that leaves nothing to do. */
  public CutoverResult(
      String requestId, boolean success, String message, String sourceLsn, List<String> steps) {
    this(requestId, success, message, sourceLsn, steps, List.of());
  }
}
