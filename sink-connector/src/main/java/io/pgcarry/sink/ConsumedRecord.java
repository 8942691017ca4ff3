package io.pgcarry.sink;

import io.pgcarry.sink.event.Change;
import org.apache.kafka.common.TopicPartition;

/**
 * A record the task has taken from Kafka, read.
 *
 * @param partition where it came from
 * @param offset its offset
 * @param change what it asks of the target, or null for a record that is no change (a tombstone, a
 *     heartbeat, a record sent to the errant record reporter), whose offset still counts as applied
 */
record ConsumedRecord(TopicPartition partition, long offset, Change change) {}
