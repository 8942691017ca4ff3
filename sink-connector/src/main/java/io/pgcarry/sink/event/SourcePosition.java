package io.pgcarry.sink.event;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.stream.ChangePosition;

/**
 * Where a change came from on the source.
 *
 * @param lsn the change's LSN ({@code source.lsn}), or null when the event has none
 * @param commitTimeMillis the source transaction's commit time in epoch milliseconds ({@code
 *     source.ts_ms}), or null
 * @param txId the source transaction id ({@code source.txId}), or null
 * @param change the change's place in the change stream from the record headers {@code
 *     pgcarry.tx.*}, or null for snapshot reads and records of producers that do not write them
 * @param transactionEnd true when the record is the last change of its transaction in its topic
 *     (header {@code pgcarry.tx.end})
 */
public record SourcePosition(
    Lsn lsn, Long commitTimeMillis, Long txId, ChangePosition change, boolean transactionEnd) {

  public static final SourcePosition NONE = new SourcePosition(null, null, null, null, false);

  /**
   * Whether a transaction ends with this change, as far as the sink can tell: the header says so,
   * or the change has no stream position and so stands alone.
   */
  public boolean endsTransaction() {
    return transactionEnd || change == null;
  }

  /**
   * The transaction as the operator can find it: {@code 743 (first change 0/16B3E00, change 3)}.
   */
  public String describeTransaction() {
    String id = txId == null ? "unknown" : txId.toString();
    if (change == null) {
      return id;
    }
    return id + " (first change " + change.first() + ", change " + change.seq() + ")";
  }
}
