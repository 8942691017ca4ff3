package io.pgcarry.sink.value;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.sink.event.Cell;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one column's value from a change event's JSON, as Connect's JsonConverter wrote it from
 * Debezium's PostgreSQL connector, straight into PostgreSQL's text input form for that column, so
 * that {@code CAST(? AS <column type>)} on the target gives the source's value back. One decoder
 * per field of a row schema, made once per schema from the schema's JSON: the conversion goes by
 * the field's logical name (Debezium's {@code io.debezium.*} names are matched as strings; the sink
 * does not depend on Debezium), its type, and the source column type that {@code
 * column.propagate.source.type} puts in its parameters.
 *
 * <p>Relies on these source connector settings (pgcarry's {@code SourceDefaults}; see the module
 * README): {@code column.propagate.source.type=.*}, {@code decimal.handling.mode=string}, {@code
 * time.precision.mode=isostring}, {@code interval.handling.mode=string}, {@code
 * hstore.handling.mode=json}, {@code binary.handling.mode=bytes}, {@code
 * include.unknown.datatypes=true} and the {@code pgtext} converter, which sends the types Debezium
 * represents with loss as PostgreSQL text. Other settings still decode (epoch-based times, Decimal,
 * Bits, Point) but lose what Debezium loses.
 *
 * <p>Debezium's placeholder for an unchanged TOAST value is recognised in each of its forms ({@link
 * UnavailableValue}). Immutable and thread-safe. Never puts values into exception messages.
 */
public final class ColumnDecoder {

  /** The schema parameter in which Debezium propagates the source column's type name. */
  public static final String SOURCE_TYPE = "__debezium.source.column.type";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The mark of an unavailable value: compared by identity, never equal to a value's text. */
  @SuppressWarnings("StringOperationCanBeSimplified")
  private static final String UNAVAILABLE = new String("unavailable");

  private enum Kind {
    INTEGER,
    BOOLEAN,
    BIT,
    FLOAT,
    TEXT,
    HSTORE_JSON,
    NUMERIC_TEXT,
    ISO_LOCAL,
    BYTEA,
    BYTES_TEXT,
    DATE,
    TIME_MILLIS,
    TIME_MICROS,
    TIME_NANOS,
    CONNECT_TIME,
    TIMESTAMP_MILLIS,
    TIMESTAMP_MICROS,
    TIMESTAMP_NANOS,
    DURATION_MICROS,
    DURATION_NANOS,
    DECIMAL,
    VARIABLE_SCALE_DECIMAL,
    BITS,
    POINT,
    ARRAY,
    MAP,
    UNKNOWN_STRUCT
  }

  private final Kind kind;
  private final String type;
  private final JsonNode parameters;
  private final ColumnDecoder elements;
  private final UnavailableValue unavailable;

  /** Whether the value is bytes in JSON (base64) that Debezium may fill with the placeholder. */
  private final boolean bytes;

  private ColumnDecoder(
      Kind kind,
      String type,
      JsonNode parameters,
      ColumnDecoder elements,
      UnavailableValue unavailable) {
    this.kind = kind;
    this.type = type;
    this.parameters = parameters;
    this.elements = elements;
    this.unavailable = unavailable;
    this.bytes = type.equals("bytes") && kind != Kind.DECIMAL;
  }

  /**
   * The decoder of a field, from its schema as JsonConverter writes schemas.
   *
   * @throws ValueConversionException when the schema has no type
   */
  public static ColumnDecoder of(JsonNode schema, UnavailableValue unavailable) {
    String type = schema.path("type").asText("");
    if (type.isEmpty()) {
      throw new ValueConversionException("a field schema has no type");
    }
    String name = schema.path("name").asText("");
    JsonNode parameters = schema.path("parameters");
    String sourceType = parameters.path(SOURCE_TYPE).asText("").toUpperCase(Locale.ROOT);
    ColumnDecoder elements =
        type.equals("array")
            ? of(schema.path("items"), unavailable)
            : type.equals("map") ? of(schema.path("values"), unavailable) : null;
    return new ColumnDecoder(kind(type, name, sourceType), type, parameters, elements, unavailable);
  }

  private static Kind kind(String type, String name, String sourceType) {
    Kind byName =
        switch (name) {
          case "io.debezium.time.Date", "org.apache.kafka.connect.data.Date" -> Kind.DATE;
          case "io.debezium.time.Time" -> Kind.TIME_MILLIS;
          case "io.debezium.time.MicroTime" -> Kind.TIME_MICROS;
          case "io.debezium.time.NanoTime" -> Kind.TIME_NANOS;
          case "org.apache.kafka.connect.data.Time" -> Kind.CONNECT_TIME;
          case "io.debezium.time.Timestamp", "org.apache.kafka.connect.data.Timestamp" ->
              Kind.TIMESTAMP_MILLIS;
          case "io.debezium.time.MicroTimestamp" -> Kind.TIMESTAMP_MICROS;
          case "io.debezium.time.NanoTimestamp" -> Kind.TIMESTAMP_NANOS;
          case "io.debezium.time.MicroDuration" -> Kind.DURATION_MICROS;
          case "io.debezium.time.NanoDuration" -> Kind.DURATION_NANOS;
          case "org.apache.kafka.connect.data.Decimal" -> Kind.DECIMAL;
          case "io.debezium.data.VariableScaleDecimal" -> Kind.VARIABLE_SCALE_DECIMAL;
          case "io.debezium.data.Bits" -> Kind.BITS;
          case "io.debezium.data.geometry.Point" -> Kind.POINT;
          default -> null;
        };
    if (byName != null) {
      return byName;
    }
    return switch (type) {
      case "boolean" -> sourceType.equals("BIT") ? Kind.BIT : Kind.BOOLEAN;
      case "int8", "int16", "int32", "int64" -> Kind.INTEGER;
      case "float", "double" -> Kind.FLOAT;
      case "string" -> {
        if (sourceType.equals("HSTORE")) {
          yield Kind.HSTORE_JSON;
        }
        if (sourceType.equals("NUMERIC") || sourceType.equals("DECIMAL")) {
          yield Kind.NUMERIC_TEXT;
        }
        yield name.equals("io.debezium.time.IsoDate")
                || name.equals("io.debezium.time.IsoTime")
                || name.equals("io.debezium.time.IsoTimestamp")
            ? Kind.ISO_LOCAL
            : Kind.TEXT;
      }
      // bytea as hex; any other column sent as bytes is a type Debezium does not know
      // (include.unknown.datatypes), whose bytes are the value's text.
      case "bytes" ->
          sourceType.isEmpty() || sourceType.equals("BYTEA") ? Kind.BYTEA : Kind.BYTES_TEXT;
      case "array" -> Kind.ARRAY;
      case "map" -> Kind.MAP;
      default -> Kind.UNKNOWN_STRUCT;
    };
  }

  /**
   * Reads the value at the parser's current token, and moves to its last token.
   *
   * @throws ValueConversionException when the value's shape is not one Debezium produces
   */
  public Cell read(JsonParser p) throws IOException {
    String text = readText(p);
    return isUnavailable(text) ? Cell.unchangedToast() : Cell.of(text);
  }

  /**
   * Reads the value at the parser's current token, and moves to its last token: the text, null for
   * SQL NULL, or a mark that {@link #isUnavailable} recognises.
   *
   * @throws ValueConversionException when the value's shape is not one Debezium produces
   */
  public String readText(JsonParser p) throws IOException {
    JsonToken token = p.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) {
      JsonNode tree = JSON.readTree(p);
      return isUnavailable(tree) ? UNAVAILABLE : fromTree(tree);
    }
    if (token == JsonToken.VALUE_STRING) {
      String text = p.getText();
      if (unavailable.matchesText(text) || bytes && unavailable.matchesBase64(text)) {
        return UNAVAILABLE;
      }
    }
    return scalar(p);
  }

  /** Whether a text {@link #readText} returned marks a value the source left out. */
  public static boolean isUnavailable(String text) {
    return text == UNAVAILABLE;
  }

  /** A scalar value at the parser's current token. */
  private String scalar(JsonParser p) throws IOException {
    try {
      return switch (kind) {
        case INTEGER -> Long.toString(p.getLongValue());
        case BOOLEAN -> Boolean.toString(p.getBooleanValue());
        case BIT -> p.getBooleanValue() ? "1" : "0";
        case FLOAT -> floating(p);
        case TEXT -> p.getText();
        case HSTORE_JSON -> {
          String text = p.getText();
          yield text.startsWith("{") ? hstoreFromJson(text) : text;
        }
        case NUMERIC_TEXT -> TextForms.numeric(p.getText());
        case ISO_LOCAL -> TextForms.isoLocal(p.getText());
        case BYTEA -> TextForms.hex(p.getBinaryValue());
        case BYTES_TEXT -> new String(p.getBinaryValue(), java.nio.charset.StandardCharsets.UTF_8);
        case DATE -> TextForms.date(p.getLongValue());
        case TIME_MILLIS -> TextForms.time(Math.multiplyExact(p.getLongValue(), 1_000_000L));
        case TIME_MICROS -> TextForms.time(Math.multiplyExact(p.getLongValue(), 1_000L));
        case TIME_NANOS -> TextForms.time(p.getLongValue());
        case CONNECT_TIME -> TextForms.connectTime(p.getLongValue());
        case TIMESTAMP_MILLIS -> TextForms.timestamp(Math.multiplyExact(p.getLongValue(), 1_000L));
        case TIMESTAMP_MICROS -> TextForms.timestamp(p.getLongValue());
        case TIMESTAMP_NANOS -> TextForms.nanoTimestamp(p.getLongValue());
        case DURATION_MICROS -> p.getLongValue() + " microseconds";
        case DURATION_NANOS -> p.getLongValue() / 1_000L + " microseconds";
        case DECIMAL ->
            p.currentToken() == JsonToken.VALUE_STRING
                ? TextForms.decimal(p.getBinaryValue(), scale())
                : p.getDecimalValue().toPlainString();
        case BITS -> TextForms.bits(p.getBinaryValue(), parameter("length"));
        default -> throw shape();
      };
    } catch (com.fasterxml.jackson.core.JsonProcessingException | ArithmeticException e) {
      throw shape();
    }
  }

  private static String floating(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      // JsonConverter writes NaN and the infinities as strings.
      String text = p.getText();
      return switch (text) {
        case "NaN", "Infinity", "-Infinity" -> text;
        default -> throw new ValueConversionException("a floating point value is a string");
      };
    }
    if (p.getNumberType() == JsonParser.NumberType.FLOAT) {
      float f = p.getFloatValue();
      return TextForms.floating(f, Float.toString(f));
    }
    double d = p.getDoubleValue();
    return TextForms.floating(d, Double.toString(d));
  }

  /** A value written as a JSON array or object: arrays, maps and Debezium's structs. */
  private String fromTree(JsonNode tree) throws IOException {
    return switch (kind) {
      case ARRAY -> array(tree);
      case MAP -> hstore(tree);
      case VARIABLE_SCALE_DECIMAL ->
          TextForms.decimal(tree.path("value").binaryValue(), tree.path("scale").asInt());
      case POINT -> "(" + coordinate(tree.path("x")) + "," + coordinate(tree.path("y")) + ")";
      case UNKNOWN_STRUCT ->
          throw new ValueConversionException("unsupported structured value of type " + type);
      default -> throw shape();
    };
  }

  private String array(JsonNode values) throws IOException {
    if (!values.isArray()) {
      throw shape();
    }
    StringBuilder out = new StringBuilder("{");
    for (Iterator<JsonNode> it = values.elements(); it.hasNext(); ) {
      JsonNode element = it.next();
      if (element.isNull()) {
        out.append("NULL");
      } else if (element.isArray()) {
        // An inner dimension: an array literal inside the outer one, unquoted.
        out.append(elements.kind == Kind.ARRAY ? elements.array(element) : array(element));
      } else {
        TextForms.quote(out, elements.fromNode(element));
      }
      if (it.hasNext()) {
        out.append(',');
      }
    }
    return out.append('}').toString();
  }

  /** A value held in a tree, through the same reading as from the stream. */
  private String fromNode(JsonNode node) throws IOException {
    if (node.isArray() || node.isObject()) {
      return fromTree(node);
    }
    try (JsonParser p = node.traverse(JSON)) {
      p.nextToken();
      return scalar(p);
    }
  }

  private String hstore(JsonNode map) throws IOException {
    StringBuilder out = new StringBuilder();
    if (map.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        pair(out, entry.getKey(), entry.getValue());
      }
    } else if (map.isArray()) {
      // A map with keys other than strings: an array of [key, value] pairs.
      for (JsonNode entry : map) {
        pair(out, entry.path(0).asText(), entry.path(1));
      }
    } else {
      throw shape();
    }
    return out.toString();
  }

  private void pair(StringBuilder out, String key, JsonNode value) throws IOException {
    if (out.length() > 0) {
      out.append(',');
    }
    TextForms.quote(out, key);
    out.append("=>");
    if (value == null || value.isNull()) {
      out.append("NULL");
    } else {
      TextForms.quote(out, value.isTextual() ? value.textValue() : elements.fromNode(value));
    }
  }

  private static String hstoreFromJson(String json) {
    try {
      StringBuilder out = new StringBuilder();
      JsonNode node = JSON.readTree(json);
      if (!node.isObject()) {
        throw new ValueConversionException("hstore value is not a JSON object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (out.length() > 0) {
          out.append(',');
        }
        TextForms.quote(out, entry.getKey());
        out.append("=>");
        if (entry.getValue().isNull()) {
          out.append("NULL");
        } else {
          TextForms.quote(out, entry.getValue().asText());
        }
      }
      return out.toString();
    } catch (IOException e) {
      throw new ValueConversionException("hstore value is not a JSON object");
    }
  }

  private static String coordinate(JsonNode node) {
    if (node.isTextual()) {
      return switch (node.textValue()) {
        case "NaN", "Infinity", "-Infinity" -> node.textValue();
        default -> throw new ValueConversionException("a point coordinate is a string");
      };
    }
    double d = node.asDouble();
    return TextForms.floating(d, Double.toString(d));
  }

  private boolean isUnavailable(JsonNode tree) {
    // Arrays and maps carry the placeholder in forms of their own.
    return switch (kind) {
      case ARRAY -> unavailable.matchesArray(tree, elements.type.equals("bytes"));
      case MAP -> unavailable.matchesMap(tree);
      default -> false;
    };
  }

  private int scale() {
    String scale = parameter("scale");
    if (scale == null) {
      throw new ValueConversionException("a Decimal schema has no scale parameter");
    }
    return Integer.parseInt(scale);
  }

  private String parameter(String name) {
    JsonNode value = parameters.get(name);
    return value == null || value.isNull() ? null : value.asText();
  }

  private ValueConversionException shape() {
    return new ValueConversionException(
        "a value of type " + type + " does not have the shape Debezium writes");
  }
}
