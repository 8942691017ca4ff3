package io.pgcarry.sink.event;

import io.pgcarry.common.stream.StreamHeaders;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * What a record of a change topic is, by its {@code pgcarry.kind} header: none on a change event,
 * {@code ddl} on a DDL command, {@code copy} or {@code snapshot-end} on a full-load record.
 */
public final class RecordKind {

  private RecordKind() {}

  /**
   * The record's kind, or null for a change event (or any record without the header).
   *
   * @throws io.pgcarry.sink.value.ValueConversionException when the header is not text
   */
  public static String of(SinkRecord record) {
    return RecordHeaders.text(record, StreamHeaders.KIND);
  }
}
