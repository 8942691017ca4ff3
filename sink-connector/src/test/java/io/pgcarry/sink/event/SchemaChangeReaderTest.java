package io.pgcarry.sink.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.stream.StreamHeaders;
import io.pgcarry.sink.value.ValueConversionException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class SchemaChangeReaderTest {

  private static SinkRecord record(String json, boolean positioned) {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString(StreamHeaders.KIND, StreamHeaders.KIND_DDL);
    if (positioned) {
      headers.addString(StreamHeaders.TX_AFTER, "0/100");
      headers.addString(StreamHeaders.TX_FIRST, "0/180");
      headers.addString(StreamHeaders.TX_SEQ, "3");
    }
    return new SinkRecord(
        "m.public.t",
        0,
        null,
        null,
        Schema.OPTIONAL_BYTES_SCHEMA,
        json.getBytes(StandardCharsets.UTF_8),
        42,
        null,
        null,
        headers);
  }

  @Test
  void readsTheCommandWithItsPositionNamedByItsMessage() {
    SinkRecord record =
        record(
            "{\"tag\": \"ALTER TABLE\", \"query\": \"ALTER TABLE t ADD c timestamptz DEFAULT"
                + " now()\", \"ordinal\": 1, \"statement\": null, \"search_path\": \"public\","
                + " \"objects\": [{\"type\": \"table\", \"schema\": \"public\", \"table\": \"t\","
                + " \"identity\": \"public.t\", \"missing\": [{\"column\": \"c\", \"type\":"
                + " \"timestamp with time zone\", \"value\": \"{\\\"2026-11-29 22:00:00+00\\\"}\"}]}],"
                + " \"dropped\": [], \"topics\": [\"m.public.t\", \"m.public.u\"], \"lsn\": 512}",
            true);

    assertThat(SchemaChangeReader.isSchemaChange(record)).isTrue();
    SchemaChange command = new SchemaChangeReader().read(record);

    assertThat(command.id().first()).isEqualTo(Lsn.parse("0/180"));
    assertThat(command.id().seq()).as("the message's LSN, the same in every copy").isEqualTo(512);
    assertThat(command.statement()).isEmpty();
    assertThat(command.topics()).containsExactly("m.public.t", "m.public.u");
    assertThat(command.objects().get(0).missing())
        .containsExactly(
            new SchemaChange.MissingValue(
                "c", "timestamp with time zone", "{\"2026-11-29 22:00:00+00\"}"));
    assertThat(command.position().offset()).isEqualTo(42);
  }

  @Test
  void refusesACommandWithoutItsStreamPosition() {
    assertThatThrownBy(
            () -> new SchemaChangeReader().read(record("{\"tag\": \"X\", \"lsn\": 1}", false)))
        .isInstanceOf(ValueConversionException.class)
        .hasMessageContaining("no stream position");
  }
}
