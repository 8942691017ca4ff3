package io.pgcarry.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

/**
 * Change events come out of the converter exactly as JsonConverter with schemas writes them, and
 * are read back as JsonConverter reads them.
 */
class EnvelopeWriterTest {

  private static final Schema ROW =
      SchemaBuilder.struct()
          .name("shop.public.item.Value")
          .field("id", Schema.INT64_SCHEMA)
          .field("name", Schema.OPTIONAL_STRING_SCHEMA)
          .field("price", Decimal.builder(2).optional().build())
          .field("photo", Schema.OPTIONAL_BYTES_SCHEMA)
          .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
          .field("at", Timestamp.builder().optional().build())
          .field("ratio", Schema.OPTIONAL_FLOAT64_SCHEMA)
          .field("flag", SchemaBuilder.bool().defaultValue(true).build())
          .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).optional())
          .optional()
          .build();

  private static final Schema ENVELOPE =
      SchemaBuilder.struct()
          .name("shop.public.item.Envelope")
          .field("before", ROW)
          .field("after", ROW)
          .field("op", Schema.STRING_SCHEMA)
          .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
          .build();

  private static final Schema OTHER =
      SchemaBuilder.struct().name("other").field("k", Schema.STRING_SCHEMA).build();

  @Test
  void writesEveryChangeEventByteForByteAsJsonConverter() {
    Map<String, String> config = Map.of("schemas.enable", "true");
    JsonConverter reference = new JsonConverter();
    reference.configure(config, false);
    ChangeTopicConverter converter = new ChangeTopicConverter();
    converter.configure(config, false);
    Random random = new Random(3);
    List<Object[]> records = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Struct before = i % 3 == 0 ? null : row(random, i);
      Struct after = i % 5 == 0 ? null : row(random, i + 1);
      records.add(
          new Object[] {
            ENVELOPE,
            new Struct(ENVELOPE)
                .put("before", before)
                .put("after", after)
                .put("op", after == null ? "d" : "u")
                .put("ts_ms", i % 7 == 0 ? null : 1_700_000_000_000L + i)
          });
      if (i % 50 == 0) {
        records.add(new Object[] {OTHER, new Struct(OTHER).put("k", "ü\"\\\n" + i)});
        records.add(new Object[] {null, null});
        records.add(new Object[] {Schema.OPTIONAL_STRING_SCHEMA, null});
      }
    }
    for (Object[] record : records) {
      Schema schema = (Schema) record[0];
      byte[] expected = reference.fromConnectData("t", schema, record[1]);
      byte[] actual = converter.fromConnectData("t", schema, record[1]);
      assertThat(actual == null ? null : new String(actual, StandardCharsets.UTF_8))
          .isEqualTo(expected == null ? null : new String(expected, StandardCharsets.UTF_8));
      // Read back twice (the second time with the schema kept): as JsonConverter reads it.
      for (int i = 0; i < 2; i++) {
        assertThat(converter.toConnectData("t", actual))
            .isEqualTo(reference.toConnectData("t", expected));
      }
    }
    converter.close();
    reference.close();
  }

  @Test
  void findsTheSchemaOfAnEnvelopeAndNothingInAnyOtherShape() {
    byte[] envelope =
        "{\"schema\":{\"type\":\"string\",\"name\":\"a}\\\"{[\"},\"payload\":\"x\"}"
            .getBytes(StandardCharsets.UTF_8);
    int end = EnvelopeReader.schemaEnd(envelope);
    assertThat(new String(envelope, 10, end - 10, StandardCharsets.UTF_8))
        .isEqualTo("{\"type\":\"string\",\"name\":\"a}\\\"{[\"}");
    for (String other :
        List.of(
            "{\"payload\":1,\"schema\":{}}",
            "{\"schema\":null,\"payload\":1}",
            "{\"schema\":{\"type\":\"int32\"}}",
            "{\"schema\": {\"type\":\"int32\"},\"payload\":1}",
            "{\"schema\":{\"type\":\"int32\"")) {
      assertThat(EnvelopeReader.schemaEnd(other.getBytes(StandardCharsets.UTF_8)))
          .as(other)
          .isEqualTo(-1);
    }
  }

  @Test
  void keepsTheSchemaOfARecordAfterItsFirstRecord() {
    Map<String, String> config = Map.of("schemas.enable", "true");
    JsonConverter json = new JsonConverter();
    json.configure(config, false);
    EnvelopeWriter writer = new EnvelopeWriter(json, config, false);
    Struct event =
        new Struct(ENVELOPE).put("after", row(new Random(1), 1)).put("op", "c").put("ts_ms", 1L);

    assertThat(writer.keeps(ENVELOPE)).isFalse();
    byte[] first = writer.write("t", ENVELOPE, event);
    assertThat(writer.keeps(ENVELOPE)).isTrue();
    assertThat(writer.write("t", ENVELOPE, event)).isEqualTo(first);
    writer.close();

    EnvelopeReader reader = new EnvelopeReader(json, config, false);
    SchemaAndValue expected = json.toConnectData("t", first);
    assertThat(reader.read("t", first)).isEqualTo(expected);
    assertThat(reader.kept()).isEqualTo(1);
    assertThat(reader.read("t", first)).isEqualTo(expected);
    assertThat(reader.kept()).isEqualTo(1);
    reader.close();
  }

  private static Struct row(Random random, int i) {
    return new Struct(ROW)
        .put("id", (long) i * (random.nextBoolean() ? 1 : -1))
        .put("name", random.nextInt(4) == 0 ? null : "name \"" + i + "\" \u00e9\t")
        .put("price", random.nextBoolean() ? null : BigDecimal.valueOf(random.nextInt(100000), 2))
        .put("photo", random.nextBoolean() ? null : new byte[] {0, (byte) i, -1})
        .put("tags", random.nextBoolean() ? null : List.of("a", "b" + i))
        .put("at", random.nextBoolean() ? null : new Date(1_700_000_000_000L + i))
        .put("ratio", random.nextBoolean() ? null : random.nextDouble())
        .put("flag", random.nextBoolean())
        .put("attrs", random.nextBoolean() ? null : Map.of("x", i));
  }
}
