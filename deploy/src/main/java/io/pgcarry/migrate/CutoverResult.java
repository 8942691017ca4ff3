package io.pgcarry.migrate;

import java.util.List;

/**
 * The outcome of a cutover.
 *
 * @param requestId the request it answers
 * @param success whether the target has every change and replication has ended
 * @param message one line for the operator
 * @param sourceLsn the source position the target was brought up to
 * @param steps what was done, in order, with timings
 */
public record CutoverResult(
    String requestId, boolean success, String message, String sourceLsn, List<String> steps) {

  public CutoverResult {
    steps = List.copyOf(steps);
  }
}
