package io.pgcarry.common.stream;

import io.pgcarry.common.Lsn;
import java.util.Objects;

/**
 * A streamed change's place in the source's change stream, stable across restarts of the source
 * connector, so that a change sent twice is recognised as the same change.
 *
 * <p>Transactions leave a logical replication slot in commit order, and each one whole. Let C(X) be
 * the LSN of the end of transaction X's commit record. Every change of X carries:
 *
 * <ul>
 *   <li>{@code after}: an LSN with C(W) &le; after &lt; C(X) for every transaction W the stream
 *       carried before X. The intervals of two transactions never overlap, so {@code after} orders
 *       changes of different transactions by commit, although two copies of one transaction may
 *       carry different values.
 *   <li>{@code first}: the LSN of X's first change, which no other transaction has.
 *   <li>{@code seq}: the change's number within X, from 1.
 * </ul>
 *
 * <p>Hence {@link #isReplayOf}: a change belongs at or before an applied one exactly when it is of
 * the same transaction and not later in it, or of a transaction with a smaller {@code after}.
 *
 * @param after orders the change's transaction among transactions
 * @param first names the change's transaction
 * @param seq the change's number within its transaction, from 1
 */
public record ChangePosition(Lsn after, Lsn first, long seq) {

  public ChangePosition {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(first, "first");
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be at least 1, was " + seq);
    }
  }

  /**
   * Whether this change is at or before {@code applied} in the source's change stream, so that a
   * sink which applied {@code applied} (and everything before it, in order) must skip it.
   */
  public boolean isReplayOf(ChangePosition applied) {
    if (first.equals(applied.first)) {
      return seq <= applied.seq;
    }
    return after.compareTo(applied.after) < 0;
  }

  /**
   * Reads the three header values.
   *
   * @return the position, or null when any of the three is missing
   * @throws IllegalArgumentException when a value is present but malformed
   */
  public static ChangePosition of(String after, String first, String seq) {
    if (after == null || first == null || seq == null) {
      return null;
    }
    try {
      return new ChangePosition(Lsn.parse(after), Lsn.parse(first), Long.parseLong(seq));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + seq + "' is not a change number", e);
    }
  }
}
