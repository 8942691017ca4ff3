package io.pgcarry.migrate.state;

import java.time.Instant;

/**
 * A request, from {@code pgcarry cutover}, that the running migration cut over.
 *
 * @param id identifies the request, so the result can be matched to it
 * @param requestedAt when it was made
 * @param fallback whether the new server then streams back to the old one until {@code pgcarry
 *     fallback} or {@code pgcarry finish}
 */
public record CutoverRequest(String id, Instant requestedAt, boolean fallback) {

  /** A cutover without the way back. */
  public CutoverRequest(String id, Instant requestedAt) {
    this(id, requestedAt, false);
  }
}
