package io.pgcarry.sink;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.stream.ChangePosition;
import io.pgcarry.sink.event.ChangeEvent;
import io.pgcarry.sink.event.ChangeKind;
import java.util.List;

/**
 * Finds where a partition's records stop being whole source transactions. A table with a deferrable
 * constraint must never see a commit inside a source transaction's changes (the deferred check
 * would run on a state the source never committed), so the changes of the transaction still open at
 * the end of a batch are held back to the next one. A transaction is complete in a topic at its
 * change marked {@code pgcarry.tx.end}, or when a change of another transaction follows it
 * (transactions leave the slot whole, in commit order). Stateless.
 */
final class TransactionHold {

  private TransactionHold() {}

  /**
   * The index of the last record when it is a delete that its transaction's next change in the
   * topic follows, else {@code records.size()}. Debezium sends an update of a row's key as a delete
   * and a create of the same WAL position; when the row has unchanged TOAST values, only the two
   * together can be applied (an in-place update keeps the values the create leaves out), so a batch
   * that ends between them leaves the delete to the next one, which holds its create. The next
   * change comes: the source connector marks the last change of a transaction in its topic.
   */
  static int keyChangeFrom(List<ConsumedRecord> records) {
    for (int i = records.size() - 1; i >= 0; i--) {
      if (!(records.get(i) instanceof ConsumedRecord.Changed record)) {
        continue;
      }
      boolean unfinishedDelete =
          record.change() instanceof ChangeEvent event
              && event.kind() == ChangeKind.DELETE
              && event.source().change() != null
              && !event.source().transactionEnd();
      return unfinishedDelete ? i : records.size();
    }
    return records.size();
  }

  /**
   * The index of the first record of the transaction still open at the end of {@code records}, or
   * {@code records.size()} when every transaction in them is complete. Records other than streamed
   * changes (full-load records, changes without a stream position) end any open transaction;
   * records that are no change at all (tombstones, heartbeats) do not.
   */
  static int openFrom(List<ConsumedRecord> records) {
    int from = records.size();
    Lsn open = null;
    for (int i = 0; i < records.size(); i++) {
      if (!(records.get(i) instanceof ConsumedRecord.Changed record)) {
        continue;
      }
      ChangePosition position =
          record.change() instanceof ChangeEvent event ? event.source().change() : null;
      if (position == null) {
        from = records.size();
        open = null;
        continue;
      }
      if (!position.first().equals(open)) {
        from = i;
        open = position.first();
      }
      if (((ChangeEvent) record.change()).source().transactionEnd()) {
        from = records.size();
        open = null;
      }
    }
    return from;
  }
}
