package io.pgcarry.sink.event;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.common.stream.StreamHeaders;
import io.pgcarry.sink.value.ValueConversionException;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads the full-load records of pgcarry's source connector (its README has the contract): the
 * headers name the table, the snapshot, the columns and the row count; the value is COPY text,
 * which JsonConverter hands over as a {@code byte[]} or a {@code ByteBuffer}. Stateless;
 * thread-safe.
 */
public final class FullLoadRecordReader {

  /**
   * The full-load record.
   *
   * @throws ValueConversionException when a header is missing or malformed, or the value is not
   *     whole rows of COPY text
   */
  public FullLoadRecord read(SinkRecord record) {
    RecordPosition position =
        new RecordPosition(record.topic(), record.kafkaPartition(), record.kafkaOffset());
    FullLoadRecord.Kind kind = kind(RecordHeaders.required(record, StreamHeaders.KIND));
    TableId table =
        new TableId(
            RecordHeaders.required(record, StreamHeaders.SCHEMA),
            RecordHeaders.required(record, StreamHeaders.TABLE));
    Lsn snapshot = RecordHeaders.lsn(record, StreamHeaders.SNAPSHOT);
    long rows = RecordHeaders.number(record, StreamHeaders.ROWS);
    if (kind == FullLoadRecord.Kind.SNAPSHOT_END) {
      return new FullLoadRecord(
          kind,
          table,
          snapshot,
          List.of(),
          rows,
          0,
          0,
          new byte[0],
          position,
          false,
          RecordHeaders.changePosition(record));
    }
    byte[] data =
        RecordBytes.of(
            record.value(),
            "the value of a COPY record",
            "bytes (the sink needs JsonConverter or ByteArrayConverter for values)");
    if (data.length > 0 && data[data.length - 1] != '\n') {
      throw new ValueConversionException("the COPY data does not end with a whole row");
    }
    return new FullLoadRecord(
        kind,
        table,
        snapshot,
        RecordHeaders.names(record, StreamHeaders.COLUMNS),
        rows,
        RecordHeaders.number(record, StreamHeaders.CHUNK),
        RecordHeaders.number(record, StreamHeaders.CHUNKS),
        data,
        position,
        false,
        RecordHeaders.changePosition(record));
  }

  private static FullLoadRecord.Kind kind(String text) {
    return switch (text) {
      case StreamHeaders.KIND_COPY -> FullLoadRecord.Kind.COPY;
      case StreamHeaders.KIND_SNAPSHOT_END -> FullLoadRecord.Kind.SNAPSHOT_END;
      default ->
          throw new ValueConversionException(
              "header " + StreamHeaders.KIND + " has the unknown value '" + text + "'");
    };
  }
}
