package io.pgcarry.sink.event;

/**
 * Where a record came from in Kafka.
 *
 * @param topic topic name
 * @param partition partition number
 * @param offset the record's offset
 */
public record RecordPosition(String topic, int partition, long offset) {}
