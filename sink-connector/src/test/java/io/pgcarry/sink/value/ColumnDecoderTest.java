package io.pgcarry.sink.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.sink.event.Cell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

/**
 * Each value as the source connector's converter writes it (JsonConverter's JSON with schemas) is
 * read back as PostgreSQL's text form of the value.
 */
class ColumnDecoderTest {

  private final Decoding encoder = new Decoding();

  private static Schema typed(SchemaBuilder builder, String sourceType) {
    return builder.optional().parameter(ColumnDecoder.SOURCE_TYPE, sourceType).build();
  }

  /** Writes a value with its schema as JSON, then reads it with the schema's decoder. */
  private static final class Decoding {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final JsonConverter json = new JsonConverter();
    private final UnavailableValue unavailable =
        new UnavailableValue(UnavailableValue.DEFAULT_PLACEHOLDER);

    Decoding() {
      json.configure(Map.of("schemas.enable", "true", "replace.null.with.default", "false"), false);
    }

    String encode(Schema schema, Object value) {
      Cell cell = cell(schema, value);
      assertThat(cell.unavailable()).isFalse();
      return cell.text();
    }

    Cell cell(Schema schema, Object value) {
      byte[] bytes = json.fromConnectData("t", schema, value);
      try (JsonParser p = MAPPER.getFactory().createParser(bytes)) {
        assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
        assertThat(p.nextFieldName()).isEqualTo("schema");
        p.nextToken();
        JsonNode schemaJson = MAPPER.readTree(p);
        assertThat(p.nextFieldName()).isEqualTo("payload");
        p.nextToken();
        Cell cell = ColumnDecoder.of(schemaJson, unavailable).read(p);
        assertThat(p.nextToken()).isEqualTo(JsonToken.END_OBJECT);
        return cell;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void writesArraysAsQuotedLiteralsWithNullElements() {
    Schema schema = SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).build();

    assertThat(encoder.encode(schema, Arrays.asList("a b", "c\"d\\", null, "NULL")))
        .isEqualTo("{\"a b\",\"c\\\"d\\\\\",NULL,\"NULL\"}");
  }

  @Test
  void writesByteaAsHexAndUnknownTypesAsTheirText() {
    assertThat(encoder.encode(typed(SchemaBuilder.bytes(), "BYTEA"), new byte[] {0, (byte) 255}))
        .isEqualTo("\\x00ff");
    assertThat(
            encoder.encode(
                typed(SchemaBuilder.bytes(), "PG_LSN"),
                "16/B374D848".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("16/B374D848");
  }

  @Test
  void turnsHstoreJsonIntoHstoreInput() {
    assertThat(encoder.encode(typed(SchemaBuilder.string(), "HSTORE"), "{\"a\":\"1\",\"b\":null}"))
        .isEqualTo("\"a\"=>\"1\",\"b\"=>NULL");
  }

  @Test
  void spellsNumericInfinitiesAsPostgresDoes() {
    Schema numeric = typed(SchemaBuilder.string(), "NUMERIC");

    assertThat(encoder.encode(numeric, "POSITIVE_INFINITY")).isEqualTo("Infinity");
    assertThat(encoder.encode(numeric, "NEGATIVE_INFINITY")).isEqualTo("-Infinity");
    assertThat(encoder.encode(numeric, "12.30")).isEqualTo("12.30");
  }

  @Test
  void writesIsoStringTimesWithoutZoneAndYearsBeforeChristWithBc() {
    Schema timestamp =
        typed(SchemaBuilder.string().name("io.debezium.time.IsoTimestamp"), "TIMESTAMP");
    Schema time = typed(SchemaBuilder.string().name("io.debezium.time.IsoTime"), "TIME");

    assertThat(encoder.encode(timestamp, "-0043-03-15T12:00:00Z"))
        .isEqualTo("0044-03-15T12:00:00 BC");
    assertThat(encoder.encode(timestamp, "+294276-12-31T23:59:59.999999Z"))
        .isEqualTo("294276-12-31T23:59:59.999999");
    assertThat(encoder.encode(timestamp, "+292278994-08-16T23:00:00Z")).isEqualTo("infinity");
    assertThat(encoder.encode(time, "00:00:00.000001Z")).isEqualTo("00:00:00.000001");
  }

  @Test
  void convertsEpochBasedTemporalTypes() {
    assertThat(encoder.encode(SchemaBuilder.int32().name("io.debezium.time.Date").build(), -719528))
        .isEqualTo("0001-01-01 BC");
    assertThat(
            encoder.encode(
                SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build(), 1_500_000L))
        .isEqualTo("1970-01-01T00:00:01.500");
    assertThat(
            encoder.encode(
                SchemaBuilder.int64().name("io.debezium.time.MicroTime").build(), 86_400_000_000L))
        .isEqualTo("24:00:00");
  }

  @Test
  void writesFloatSpecialsBitsAndDecimals() {
    assertThat(encoder.encode(Schema.FLOAT64_SCHEMA, Double.NEGATIVE_INFINITY))
        .isEqualTo("-Infinity");
    assertThat(encoder.encode(Schema.FLOAT32_SCHEMA, Float.NaN)).isEqualTo("NaN");
    assertThat(encoder.encode(typed(SchemaBuilder.bool(), "BIT"), true)).isEqualTo("1");
    Schema bits =
        SchemaBuilder.bytes().name("io.debezium.data.Bits").parameter("length", "3").build();
    assertThat(encoder.encode(bits, new byte[] {0b101})).isEqualTo("101");
    assertThat(encoder.encode(Decimal.schema(2), new BigDecimal("-1.50"))).isEqualTo("-1.50");
  }

  @Test
  void writesPointsAndVariableScaleDecimals() {
    Schema point =
        SchemaBuilder.struct()
            .name("io.debezium.data.geometry.Point")
            .field("x", Schema.FLOAT64_SCHEMA)
            .field("y", Schema.FLOAT64_SCHEMA)
            .build();
    Schema vsd =
        SchemaBuilder.struct()
            .name("io.debezium.data.VariableScaleDecimal")
            .field("scale", Schema.INT32_SCHEMA)
            .field("value", Schema.BYTES_SCHEMA)
            .build();

    assertThat(encoder.encode(point, new Struct(point).put("x", 1.5).put("y", -2.0)))
        .isEqualTo("(1.5,-2.0)");
    assertThat(encoder.encode(vsd, new Struct(vsd).put("scale", 3).put("value", new byte[] {1, 0})))
        .isEqualTo("0.256");
  }

  @Test
  void refusesStructsItDoesNotKnowWithoutShowingTheValue() {
    Schema unknown =
        SchemaBuilder.struct().name("x.Y").field("secret", Schema.STRING_SCHEMA).build();

    assertThatThrownBy(() -> encoder.encode(unknown, new Struct(unknown).put("secret", "v4lue")))
        .isInstanceOf(ValueConversionException.class)
        .hasMessageNotContaining("v4lue");
  }

  @Test
  void writesHstoreMaps() {
    Schema map = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).build();

    assertThat(encoder.encode(map, Map.of("k", "v"))).isEqualTo("\"k\"=>\"v\"");
    assertThat(encoder.encode(Schema.OPTIONAL_STRING_SCHEMA, null)).isNull();
  }

  @Test
  void keepsANullOfAColumnWithADefault() {
    Schema withDefault = SchemaBuilder.string().optional().defaultValue("d").build();

    assertThat(encoder.encode(withDefault, null)).isNull();
    assertThat(encoder.encode(withDefault, "x")).isEqualTo("x");
  }

  @Test
  void recognisesEveryFormOfTheUnavailablePlaceholder() {
    String p = UnavailableValue.DEFAULT_PLACEHOLDER;
    byte[] bytes = p.getBytes(StandardCharsets.UTF_8);
    Schema ints = SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build();
    Schema longs = SchemaBuilder.array(Schema.OPTIONAL_INT64_SCHEMA).optional().build();

    for (Object[] form :
        List.of(
            new Object[] {Schema.OPTIONAL_STRING_SCHEMA, p},
            new Object[] {Schema.OPTIONAL_STRING_SCHEMA, "{\"" + p + "\":\"" + p + "\"}"},
            new Object[] {Schema.OPTIONAL_BYTES_SCHEMA, bytes},
            new Object[] {SchemaBuilder.array(Schema.STRING_SCHEMA).build(), List.of(p)},
            new Object[] {SchemaBuilder.array(Schema.BYTES_SCHEMA).build(), List.of(bytes)},
            new Object[] {
              SchemaBuilder.array(Schema.STRING_SCHEMA).build(),
              List.of(UUID.nameUUIDFromBytes(bytes).toString())
            },
            new Object[] {ints, p.chars().boxed().toList()},
            new Object[] {longs, p.chars().mapToObj(c -> (long) c).toList()},
            new Object[] {
              SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build(), Map.of(p, p)
            })) {
      assertThat(encoder.cell((Schema) form[0], form[1]).unavailable()).as("%s", form[1]).isTrue();
    }
  }

  @Test
  void leavesOrdinaryValuesAlone() {
    String p = UnavailableValue.DEFAULT_PLACEHOLDER;
    Schema ints = SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build();
    Schema strings = SchemaBuilder.array(Schema.STRING_SCHEMA).build();

    assertThat(encoder.encode(Schema.STRING_SCHEMA, "x")).isEqualTo("x");
    assertThat(encoder.encode(ints, List.of(1, 2))).isEqualTo("{\"1\",\"2\"}");
    assertThat(encoder.encode(strings, List.of(p, p))).isEqualTo("{\"" + p + "\",\"" + p + "\"}");
    assertThat(encoder.encode(Schema.INT64_SCHEMA, 42L)).isEqualTo("42");
    // A string that happens to be the placeholder's base64 is a string.
    String base64 =
        java.util.Base64.getEncoder().encodeToString(p.getBytes(StandardCharsets.UTF_8));
    assertThat(encoder.encode(Schema.STRING_SCHEMA, base64)).isEqualTo(base64);
  }

  @Test
  void writesMultiDimensionalArraysAsNestedLiterals() {
    Schema matrix = SchemaBuilder.array(SchemaBuilder.array(Schema.INT32_SCHEMA)).build();

    assertThat(encoder.encode(matrix, List.of(List.of(1, 2), List.of(3, 4))))
        .isEqualTo("{{\"1\",\"2\"},{\"3\",\"4\"}}");
  }
}
