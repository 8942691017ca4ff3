package io.pgcarry.sink.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The records of some topics in the order they were written, and a consumer over them that delivers
 * them the way Connect hands them to a sink task: in batches, from a position per partition that a
 * task may rewind. Not thread-safe.
 */
public final class KafkaLog {

  private final List<SinkRecord> records = new ArrayList<>();
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  private final Map<TopicPartition, Long> next = new HashMap<>();

  /** Appends records, each at the next offset of its topic's partition. */
  public void append(List<SinkRecord> more) {
    for (SinkRecord record : more) {
      TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
      long offset = next.merge(tp, 1L, Long::sum) - 1;
      records.add(
          new SinkRecord(
              record.topic(),
              record.kafkaPartition(),
              record.keySchema(),
              record.key(),
              record.valueSchema(),
              record.value(),
              offset,
              record.timestamp(),
              record.timestampType(),
              record.headers()));
    }
  }

  /** The records appended, as they are in the log. */
  public List<SinkRecord> records() {
    return List.copyOf(records);
  }

  public int size() {
    return records.size();
  }

  /** Moves partitions to the given offsets (Connect's consumer seek). */
  public void seek(Map<TopicPartition, Long> offsets) {
    positions.putAll(offsets);
  }

  /** Moves every partition back to the start. */
  public void rewindAll() {
    positions.clear();
  }

  /** Up to {@code max} records after each partition's position, in the order written. */
  public List<SinkRecord> poll(int max) {
    List<SinkRecord> batch = new ArrayList<>();
    for (SinkRecord record : records) {
      if (batch.size() == max) {
        break;
      }
      TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
      if (record.kafkaOffset() >= positions.getOrDefault(tp, 0L)) {
        batch.add(record);
        positions.put(tp, record.kafkaOffset() + 1);
      }
    }
    return batch;
  }
}
