package io.pgcarry.sink;

import io.pgcarry.sink.event.Change;
import io.pgcarry.sink.event.SchemaChange;
import org.apache.kafka.common.TopicPartition;

/**
 * A record the task has taken from Kafka, read.
 *
 * @param partition where it came from
 * @param offset its offset
 * @param change what it asks of the target, or null for a record that is no change (a tombstone, a
 *     heartbeat, a DDL command, a record sent to the errant record reporter), whose offset still
 *     counts as applied
 * @param schemaChange the DDL command the record carries, or null
 */
record ConsumedRecord(
    TopicPartition partition, long offset, Change change, SchemaChange schemaChange) {

  /** A record that carries no DDL command. */
  ConsumedRecord(TopicPartition partition, long offset, Change change) {
    this(partition, offset, change, null);
  }
}
