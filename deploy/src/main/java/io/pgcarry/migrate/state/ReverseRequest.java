package io.pgcarry.migrate.state;

import java.time.Instant;

/**
 * A request, from {@code pgcarry fallback} or {@code pgcarry finish}, that the running migration
 * end its reverse replication (the new server streaming back to the old one after a cutover with
 * {@code --fallback}).
 *
 * @param id identifies the request, so the result can be matched to it
 * @param action what to end it with
 * @param requestedAt when it was made
 */
public record ReverseRequest(String id, Action action, Instant requestedAt) {

  /** How the reverse replication ends. */
  public enum Action {
    /** Back to the old server: it gets every change committed on the new one, and the sequences. */
    FALLBACK,
    /** The new server stays: the reverse replication ends and leaves nothing behind. */
    FINISH
  }
}
