package io.pgcarry.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
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
      assertThat(converter.toConnectData("t", actual))
          .isEqualTo(reference.toConnectData("t", expected));
    }
    converter.close();
    reference.close();
  }

  @Test
  void writesEveryConnectTypeAsJsonConverterWithEitherNullRule() {
    Schema inner = SchemaBuilder.struct().name("inner").field("v", Schema.INT8_SCHEMA).optional();
    Schema every =
        SchemaBuilder.struct()
            .name("every")
            .field("i8", Schema.OPTIONAL_INT8_SCHEMA)
            .field("i16", Schema.OPTIONAL_INT16_SCHEMA)
            .field("i32", Schema.OPTIONAL_INT32_SCHEMA)
            .field("f32", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("f64", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("buffer", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("date", org.apache.kafka.connect.data.Date.builder().optional().build())
            .field("time", org.apache.kafka.connect.data.Time.builder().optional().build())
            .field(
                "nested", SchemaBuilder.array(SchemaBuilder.array(Schema.INT64_SCHEMA)).optional())
            .field("pairs", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).optional())
            .field("inner", inner)
            .field("text", SchemaBuilder.string().optional().defaultValue("d").build())
            .field("number", SchemaBuilder.int64().optional().defaultValue(7L).build())
            .build();
    Random random = new Random(5);
    for (String replace : List.of("true", "false")) {
      for (String decimals : List.of("BASE64", "NUMERIC")) {
        Map<String, String> config =
            Map.of(
                "schemas.enable", "true",
                "replace.null.with.default", replace,
                "decimal.format", decimals);
        JsonConverter reference = new JsonConverter();
        reference.configure(config, false);
        ChangeTopicConverter converter = new ChangeTopicConverter();
        converter.configure(config, false);
        for (int i = 0; i < 200; i++) {
          Struct value = everyValue(every, inner, random, i);
          assertSameBytes(reference, converter, every, value);
          Struct event = new Struct(ENVELOPE).put("after", row(random, i)).put("op", "c");
          assertSameBytes(reference, converter, ENVELOPE, event);
        }
        converter.close();
        reference.close();
      }
    }
  }

  @Test
  void refusesWhatJsonConverterRefusesWithItsOwnError() {
    Map<String, String> config = Map.of("schemas.enable", "true");
    ChangeTopicConverter converter = new ChangeTopicConverter();
    converter.configure(config, false);
    Schema required = SchemaBuilder.struct().name("r").field("x", Schema.STRING_SCHEMA).build();
    Struct unset = new Struct(required);
    converter.fromConnectData("t", required, new Struct(required).put("x", "first"));

    assertThatThrownBy(() -> converter.fromConnectData("t", required, unset))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("null value for field that is required");
    converter.close();
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
  }

  private static void assertSameBytes(
      JsonConverter reference, ChangeTopicConverter converter, Schema schema, Struct value) {
    // Twice: the first record of a schema is JsonConverter's own, the second this writer's.
    for (int i = 0; i < 2; i++) {
      assertThat(new String(converter.fromConnectData("t", schema, value), StandardCharsets.UTF_8))
          .isEqualTo(
              new String(reference.fromConnectData("t", schema, value), StandardCharsets.UTF_8));
    }
  }

  private static Struct everyValue(Schema every, Schema inner, Random random, int i) {
    float[] floats = {Float.NaN, Float.POSITIVE_INFINITY, -0.0f, 1.1e-40f, 3.4e38f, 0.1f};
    double[] doubles = {Double.NaN, Double.NEGATIVE_INFINITY, 4.9e-324, 1e21, 123.456, -0.0};
    String[] texts = {"", "\u0000\u001f\"\\/", "\ud83d\ude00 \u00e9", "line\nbreak\r\t", "\ud800x"};
    byte[] backing = {1, 2, 3, 4, (byte) i};
    return new Struct(every)
        .put("i8", random.nextBoolean() ? null : (byte) random.nextInt())
        .put("i16", random.nextBoolean() ? null : (short) random.nextInt())
        .put("i32", random.nextBoolean() ? null : random.nextInt())
        .put("f32", random.nextBoolean() ? null : floats[random.nextInt(floats.length)])
        .put("f64", random.nextBoolean() ? null : doubles[random.nextInt(doubles.length)])
        .put("buffer", random.nextBoolean() ? null : ByteBuffer.wrap(backing, 1, 2))
        .put("date", random.nextBoolean() ? null : new Date(86_400_000L * (i - 100)))
        .put("time", random.nextBoolean() ? null : new Date(i * 1_000L))
        .put("nested", random.nextBoolean() ? null : List.of(List.of(1L, (long) i), List.of()))
        .put("pairs", random.nextBoolean() ? null : Map.of(i, "v" + i, -1, "w"))
        .put("inner", random.nextBoolean() ? null : new Struct(inner).put("v", (byte) 1))
        .put("text", random.nextBoolean() ? null : texts[random.nextInt(texts.length)])
        .put("number", random.nextBoolean() ? null : (long) i);
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
