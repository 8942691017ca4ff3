package io.pgcarry.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.stream.StreamHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

/**
 * Full-load COPY text passes as raw bytes; change events are JsonConverter's JSON, byte for byte.
 */
class ChangeTopicConverterTest {

  private static final Map<String, String> SCHEMAS = Map.of("schemas.enable", "true");

  @Test
  void fullLoadRecordIsItsCopyTextUnchangedBothWays() {
    ChangeTopicConverter converter = converter();
    byte[] copy = "1\tone\\ttab\n2\t\\N\n".getBytes(StandardCharsets.UTF_8);
    RecordHeaders headers = headers(StreamHeaders.KIND_COPY);

    byte[] written = converter.fromConnectData("t", headers, Schema.BYTES_SCHEMA, copy);
    SchemaAndValue read = converter.toConnectData("t", headers, written);

    assertThat(written).isEqualTo(copy);
    assertThat((byte[]) read.value()).isEqualTo(copy);
    assertThat(read.schema().type()).isEqualTo(Schema.Type.BYTES);
  }

  @Test
  void snapshotEndKeepsItsEmptyValue() {
    ChangeTopicConverter converter = converter();
    RecordHeaders headers = headers(StreamHeaders.KIND_SNAPSHOT_END);

    byte[] written = converter.fromConnectData("t", headers, Schema.BYTES_SCHEMA, new byte[0]);

    assertThat(written).isEmpty();
    assertThat((byte[]) converter.toConnectData("t", headers, written).value()).isEmpty();
  }

  @Test
  void chunkMarkerIsItsJsonUnchanged() {
    ChangeTopicConverter converter = converter();
    byte[] marker = "{\"run\":\"r\",\"chunk\":1}".getBytes(StandardCharsets.UTF_8);
    RecordHeaders headers = headers(StreamHeaders.KIND_VERIFY);

    byte[] written = converter.fromConnectData("t", headers, Schema.BYTES_SCHEMA, marker);

    assertThat(written).isEqualTo(marker);
    assertThat((byte[]) converter.toConnectData("t", headers, written).value()).isEqualTo(marker);
  }

  @Test
  void repairAndInspectionAreTheirBytesUnchanged() {
    ChangeTopicConverter converter = converter();
    byte[] value = "{\"run\":\"r\",\"chunk\":1}\n1\tx\n".getBytes(StandardCharsets.UTF_8);
    for (String kind : new String[] {StreamHeaders.KIND_REPAIR, StreamHeaders.KIND_INSPECT}) {
      RecordHeaders headers = headers(kind);

      byte[] written = converter.fromConnectData("t", headers, Schema.BYTES_SCHEMA, value);

      assertThat(written).as(kind).isEqualTo(value);
      assertThat((byte[]) converter.toConnectData("t", headers, written).value())
          .as(kind)
          .isEqualTo(value);
    }
  }

  @Test
  void changeEventIsJsonConvertersJsonAndReadsBack() {
    Schema schema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
    Struct value = new Struct(schema).put("id", 7);
    JsonConverter json = new JsonConverter();
    json.configure(SCHEMAS, false);
    RecordHeaders headers = new RecordHeaders();

    byte[] written = converter().fromConnectData("t", headers, schema, value);

    assertThat(written).isEqualTo(json.fromConnectData("t", schema, value));
    assertThat(converter().toConnectData("t", headers, written).value()).isEqualTo(value);
  }

  private static ChangeTopicConverter converter() {
    ChangeTopicConverter converter = new ChangeTopicConverter();
    converter.configure(SCHEMAS, false);
    return converter;
  }

  private static RecordHeaders headers(String kind) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(StreamHeaders.KIND, kind.getBytes(StandardCharsets.UTF_8));
    return headers;
  }
}
