package io.pgcarry.sink.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.stream.ChangePosition;
import io.pgcarry.common.stream.StreamHeaders;
import io.pgcarry.sink.value.ValueConversionException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.junit.jupiter.api.Test;

/**
 * Header values as the sink receives them: written as strings by the source, turned back by
 * Connect's default SimpleHeaderConverter into numbers, booleans and lists where they parse so.
 */
class RecordHeadersTest {

  private final FullLoadRecordReader reader = new FullLoadRecordReader();

  @Test
  void readsTheStreamPositionAfterTheDefaultHeaderConverter() {
    SinkRecord record =
        record(
            null,
            StreamHeaders.TX_AFTER,
            "0/16B3F20",
            StreamHeaders.TX_FIRST,
            "0/16B3F48",
            StreamHeaders.TX_SEQ,
            "3",
            StreamHeaders.TX_END,
            "true");

    assertThat(RecordHeaders.changePosition(record))
        .isEqualTo(new ChangePosition(Lsn.parse("0/16B3F20"), Lsn.parse("0/16B3F48"), 3));
    assertThat(RecordHeaders.transactionEnd(record)).isTrue();
  }

  @Test
  void hasNoPositionWithoutTheHeaders() {
    assertThat(RecordHeaders.changePosition(record(null))).isNull();
    assertThat(RecordHeaders.transactionEnd(record(null))).isFalse();
  }

  @Test
  void refusesAPositionWithAMissingOrMalformedPart() {
    assertThatThrownBy(
            () ->
                RecordHeaders.changePosition(
                    record(null, StreamHeaders.TX_AFTER, "0/1", StreamHeaders.TX_SEQ, "1")))
        .isInstanceOf(ValueConversionException.class)
        .hasMessageContaining("only some");
    assertThatThrownBy(
            () ->
                RecordHeaders.changePosition(
                    record(
                        null,
                        StreamHeaders.TX_AFTER,
                        "0/1",
                        StreamHeaders.TX_FIRST,
                        "nope",
                        StreamHeaders.TX_SEQ,
                        "1")))
        .isInstanceOf(ValueConversionException.class);
    assertThatThrownBy(
            () ->
                RecordHeaders.changePosition(
                    record(
                        null,
                        StreamHeaders.TX_AFTER,
                        "0/1",
                        StreamHeaders.TX_FIRST,
                        "0/2",
                        StreamHeaders.TX_SEQ,
                        "0")))
        .isInstanceOf(ValueConversionException.class);
    assertThatThrownBy(() -> RecordHeaders.transactionEnd(record(null, StreamHeaders.TX_END, "1")))
        .isInstanceOf(ValueConversionException.class);
  }

  @Test
  void readsACopyRecordWhoseValueIsBytesOrAByteBuffer() {
    byte[] data = "1\ta\\tb\n2\t\\N\n".getBytes(StandardCharsets.UTF_8);
    Object[] headers = {
      StreamHeaders.KIND, "copy",
      StreamHeaders.SNAPSHOT, "0/3000028",
      StreamHeaders.SCHEMA, "My Schema",
      StreamHeaders.TABLE, "t",
      StreamHeaders.COLUMNS, "[\"id\",\"a \\\"b\\\"\",\"c,d\",\"back\\\\slash\",\"ü\"]",
      StreamHeaders.CHUNK, "1",
      StreamHeaders.CHUNKS, "2",
      StreamHeaders.ROWS, "2"
    };

    FullLoadRecord fromBytes = reader.read(record(data, headers));
    FullLoadRecord fromBuffer = reader.read(record(ByteBuffer.wrap(data), headers));

    assertThat(fromBytes.kind()).isEqualTo(FullLoadRecord.Kind.COPY);
    assertThat(fromBytes.table().schema()).isEqualTo("My Schema");
    assertThat(fromBytes.columns()).containsExactly("id", "a \"b\"", "c,d", "back\\slash", "ü");
    assertThat(fromBytes.rows()).isEqualTo(2);
    assertThat(fromBytes.chunks()).isEqualTo(2);
    assertThat(fromBytes.snapshot()).isEqualTo(Lsn.parse("0/3000028"));
    assertThat(fromBuffer.data()).isEqualTo(data);
  }

  @Test
  void readsTheEndOfASnapshot() {
    FullLoadRecord end =
        reader.read(
            record(
                null,
                StreamHeaders.KIND,
                "snapshot-end",
                StreamHeaders.SNAPSHOT,
                "0/3000028",
                StreamHeaders.SCHEMA,
                "public",
                StreamHeaders.TABLE,
                "t",
                StreamHeaders.ROWS,
                "12345678901"));

    assertThat(end.kind()).isEqualTo(FullLoadRecord.Kind.SNAPSHOT_END);
    assertThat(end.rows()).isEqualTo(12345678901L);
  }

  @Test
  void refusesAnUnknownKindAndACopyThatEndsInsideARow() {
    assertThatThrownBy(() -> reader.read(record(new byte[0], StreamHeaders.KIND, "rows")))
        .isInstanceOf(ValueConversionException.class)
        .hasMessageContaining("unknown value 'rows'");
    assertThatThrownBy(
            () ->
                reader.read(
                    record(
                        "1\tab".getBytes(StandardCharsets.UTF_8),
                        StreamHeaders.KIND,
                        "copy",
                        StreamHeaders.SNAPSHOT,
                        "0/1",
                        StreamHeaders.SCHEMA,
                        "public",
                        StreamHeaders.TABLE,
                        "t",
                        StreamHeaders.COLUMNS,
                        "[\"id\",\"a\"]",
                        StreamHeaders.CHUNK,
                        "1",
                        StreamHeaders.CHUNKS,
                        "1",
                        StreamHeaders.ROWS,
                        "1")))
        .isInstanceOf(ValueConversionException.class)
        .hasMessageContaining("whole row");
  }

  /** A record whose headers went through SimpleHeaderConverter, as from a topic. */
  private static SinkRecord record(Object value, Object... namesAndValues) {
    SimpleHeaderConverter converter = new SimpleHeaderConverter();
    converter.configure(Map.of());
    ConnectHeaders headers = new ConnectHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String name = (String) namesAndValues[i];
      byte[] bytes =
          converter.fromConnectHeader("t", name, Schema.STRING_SCHEMA, namesAndValues[i + 1]);
      SchemaAndValue back = converter.toConnectHeader("t", name, bytes);
      headers.add(name, back);
    }
    return new SinkRecord("t", 0, null, null, null, value, 7, null, null, headers);
  }
}
