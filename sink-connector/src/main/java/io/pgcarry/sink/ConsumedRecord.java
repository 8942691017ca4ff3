package io.pgcarry.sink;

import io.pgcarry.sink.event.Change;
import io.pgcarry.sink.event.ChunkCheck;
import io.pgcarry.sink.event.SchemaChange;
import org.apache.kafka.common.TopicPartition;

/**
 * A record the task has taken from Kafka, read: a change, a DDL command, a chunk marker of the
 * online verification, or no change.
 */
sealed interface ConsumedRecord {

  /** Where it came from. */
  TopicPartition partition();

  /** Its offset. */
  long offset();

  /** A record that asks something of a target table. */
  record Changed(TopicPartition partition, long offset, Change change) implements ConsumedRecord {}

  /** A copy of a captured DDL command, at its place in the partition's stream. */
  record Command(TopicPartition partition, long offset, SchemaChange command)
      implements ConsumedRecord {}

  /** A chunk marker, at its place in its table's stream: compare the chunk there. */
  record Check(TopicPartition partition, long offset, ChunkCheck check) implements ConsumedRecord {}

  /**
   * A record that asks nothing of the target (a tombstone, a heartbeat, a record sent to the errant
   * record reporter), whose offset still counts as applied.
   */
  record NoChange(TopicPartition partition, long offset) implements ConsumedRecord {}
}
