package io.pgcarry.sink;

import io.pgcarry.sink.event.StreamMark;
import io.pgcarry.sink.event.StreamOrder;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells streamed changes the source connector sends a second time from new ones. After a crash the
 * source connector resumes from its last committed offset and resends changes that may already be
 * applied; they arrive at new Kafka offsets, so the sink's Kafka position cannot catch them, but
 * their stream order is not above the last one applied for their table. Of changes at exactly the
 * last applied order, as many as were applied are skipped once.
 *
 * <p>Decisions are made inside a {@link Batch}, which changes nothing until committed, so a batch
 * whose transaction rolls back can be retried. Not thread-safe: one per task.
 */
final class ReplayFilter {

  private final Map<TopicPartition, StreamMark> marks = new HashMap<>();
  private final Map<TopicPartition, Integer> replaysLeft = new HashMap<>();

  /** Restores the mark stored with a partition's applied position. */
  void restore(TopicPartition tp, StreamMark mark) {
    marks.put(tp, mark);
    replaysLeft.put(tp, mark.count());
  }

  void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(marks::remove);
    partitions.forEach(replaysLeft::remove);
  }

  Batch begin() {
    return new Batch();
  }

  /** The decisions of one batch. */
  final class Batch {
    private final Map<TopicPartition, StreamMark> batchMarks = new HashMap<>();
    private final Map<TopicPartition, Integer> batchReplaysLeft = new HashMap<>();

    /**
     * Whether a change must be applied; a change without a stream order (a snapshot read) always
     * is.
     */
    boolean admit(TopicPartition tp, StreamOrder order) {
      if (order == null) {
        return true;
      }
      StreamMark last = batchMarks.containsKey(tp) ? batchMarks.get(tp) : marks.get(tp);
      int left =
          batchReplaysLeft.containsKey(tp)
              ? batchReplaysLeft.get(tp)
              : replaysLeft.getOrDefault(tp, 0);
      if (last != null) {
        int cmp = order.compareTo(last.order());
        if (cmp < 0) {
          return false;
        }
        if (cmp == 0 && left > 0) {
          batchReplaysLeft.put(tp, left - 1);
          return false;
        }
        if (cmp == 0) {
          batchMarks.put(tp, new StreamMark(order, last.count() + 1));
          return true;
        }
      }
      batchMarks.put(tp, new StreamMark(order, 1));
      batchReplaysLeft.put(tp, 0);
      return true;
    }

    /** The mark to store with the partition's position, or null when unchanged. */
    StreamMark mark(TopicPartition tp) {
      return batchMarks.get(tp);
    }

    /** Makes this batch's decisions the filter's state, once its transaction committed. */
    void commit() {
      marks.putAll(batchMarks);
      replaysLeft.putAll(batchReplaysLeft);
    }
  }
}
