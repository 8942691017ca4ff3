package io.pgcarry.source.stream;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.stream.StreamHeaders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Gives Debezium's streamed records the two properties exactly-once apply rests on (the source
 * connector's README and {@link io.pgcarry.common.stream.ChangePosition}):
 *
 * <ul>
 *   <li>Every change carries its position: {@code pgcarry.tx.after}, {@code pgcarry.tx.first},
 *       {@code pgcarry.tx.seq}, and {@code pgcarry.tx.end} on the last change of its transaction in
 *       its topic (each topic's latest change of an open transaction is held back until the next
 *       change of that topic or the transaction's end).
 *   <li>Every record's source offset is the end of a transaction: records inside a transaction
 *       carry the offset of the previous transaction's end, so that after a restart Debezium
 *       resumes at a transaction boundary and resends only whole transactions.
 * </ul>
 *
 * <p>It needs Debezium's transaction markers ({@code provide.transaction.metadata=true}), and
 * passes them on to Debezium's transaction topic only when asked to ({@code transaction.topic}):
 * the headers carry each change's transaction, and the markers cost two records per transaction on
 * their way through the broker. Without them, the last change of a transaction carries the offset
 * of the transaction's end instead of its END marker. The BEGIN and END markers of a transaction
 * without changes (PostgreSQL before 15 sends every transaction) are dropped. Each offset also
 * names the snapshot the stream belongs to. Not thread-safe: the task thread's.
 */
final class ChangeStamper {

  static final String OFFSET_SNAPSHOT = "pgcarry_snapshot";
  private static final String STATUS_BEGIN = "BEGIN";
  private static final String STATUS_END = "END";

  private final Map<String, ?> partition;
  private final String snapshot;
  private final Lsn floor;
  private final boolean markers;
  private Map<String, Object> boundary;

  private boolean inTransaction;
  private SourceRecord pendingBegin;
  private String after;
  private String first;
  private long seq;
  private final Map<String, SourceRecord> held = new LinkedHashMap<>();
  private Map<String, ?> lastPartition;

  /**
   * @param partition Debezium's source partition; records of other partitions pass unchanged
   * @param snapshot the snapshot the stream follows, or null when there is none to name
   * @param floor the slot's confirmed position when streaming started: every transaction streamed
   *     now commits after it, so it is a valid {@code pgcarry.tx.after} for the first ones
   * @param boundary the offset the stream resumed from, or null
   * @param markers whether Debezium's BEGIN and END markers are passed on
   */
  ChangeStamper(
      Map<String, ?> partition,
      String snapshot,
      Lsn floor,
      Map<String, ?> boundary,
      boolean markers) {
    this.partition = Map.copyOf(partition);
    this.snapshot = snapshot;
    this.floor = floor == null ? Lsn.ZERO : floor;
    this.boundary = boundary == null ? null : new HashMap<>(boundary);
    this.markers = markers;
  }

  /** Stamps a batch of Debezium's records, in order; some may be held for the next batch. */
  List<SourceRecord> stamp(List<SourceRecord> records) {
    List<SourceRecord> out = new ArrayList<>(records.size());
    for (SourceRecord record : records) {
      if (!ours(record.sourcePartition())) {
        out.add(record);
        continue;
      }
      String status = transactionStatus(record);
      if (STATUS_BEGIN.equals(status)) {
        begin(record);
      } else if (STATUS_END.equals(status)) {
        end(record, out);
      } else if (inTransaction && !isHeartbeat(record)) {
        change(record, out);
      } else {
        out.add(inTransaction ? withOffset(record, boundary) : atBoundary(record));
      }
    }
    return out;
  }

  /** Whether a partition is the stream's; Debezium hands over the same map record after record. */
  private boolean ours(Map<String, ?> recordPartition) {
    if (recordPartition == lastPartition) {
      return true;
    }
    if (partition.equals(recordPartition)) {
      lastPartition = recordPartition;
      return true;
    }
    return false;
  }

  private void begin(SourceRecord record) {
    inTransaction = true;
    pendingBegin = record;
    first = null;
    seq = 0;
    Lsn lastCommit = lsn(record.sourceOffset(), "lsn_commit");
    after = (lastCommit != null && lastCommit.isAfter(floor) ? lastCommit : floor).toString();
  }

  private void change(SourceRecord record, List<SourceRecord> out) {
    if (first == null) {
      Lsn lsn = lsn(record.sourceOffset(), "lsn");
      first = (lsn == null ? floor : lsn).toString();
      if (pendingBegin != null && markers) {
        out.add(withOffset(pendingBegin, boundary));
      }
      pendingBegin = null;
    }
    seq++;
    SourceRecord stamped = withOffset(record, boundary);
    Headers headers = stamped.headers();
    headers.addString(StreamHeaders.TX_AFTER, after);
    headers.addString(StreamHeaders.TX_FIRST, first);
    headers.addString(StreamHeaders.TX_SEQ, Long.toString(seq));
    SourceRecord previous = held.put(stamped.topic(), stamped);
    if (previous != null) {
      out.add(previous);
    }
  }

  private void end(SourceRecord record, List<SourceRecord> out) {
    SourceRecord end = atBoundary(record);
    SourceRecord last = null;
    for (SourceRecord change : held.values()) {
      change.headers().addString(StreamHeaders.TX_END, "true");
      if (last != null) {
        out.add(last);
      }
      last = change;
    }
    held.clear();
    if (last != null) {
      // Without the END marker, the transaction's last record is where its end is acknowledged.
      boolean carriesEnd = !markers && end.sourceOffset() != null;
      out.add(carriesEnd ? withOffset(last, end.sourceOffset()) : last);
    }
    if (pendingBegin == null && markers) {
      out.add(end);
    }
    pendingBegin = null;
    inTransaction = false;
  }

  /** A record at a transaction boundary: its own offset is the new boundary. */
  private SourceRecord atBoundary(SourceRecord record) {
    if (record.sourceOffset() == null) {
      return record;
    }
    Map<String, Object> offset = new HashMap<>(record.sourceOffset());
    if (snapshot != null) {
      offset.put(OFFSET_SNAPSHOT, snapshot);
    }
    boundary = offset;
    return withOffset(record, offset);
  }

  private static SourceRecord withOffset(SourceRecord record, Map<String, ?> offset) {
    return new SourceRecord(
        record.sourcePartition(),
        offset,
        record.topic(),
        record.kafkaPartition(),
        record.keySchema(),
        record.key(),
        record.valueSchema(),
        record.value(),
        record.timestamp(),
        record.headers());
  }

  private static String transactionStatus(SourceRecord record) {
    Schema schema = record.valueSchema();
    if (schema == null
        || schema.name() == null
        || !schema.name().endsWith("TransactionMetadataValue")
        || !(record.value() instanceof Struct value)) {
      return null;
    }
    return value.getString("status");
  }

  private static boolean isHeartbeat(SourceRecord record) {
    Schema schema = record.valueSchema();
    return schema != null && schema.name() != null && schema.name().endsWith(".Heartbeat");
  }

  private static Lsn lsn(Map<String, ?> offset, String key) {
    Object value = offset == null ? null : offset.get(key);
    return value instanceof Number n ? new Lsn(n.longValue()) : null;
  }
}
