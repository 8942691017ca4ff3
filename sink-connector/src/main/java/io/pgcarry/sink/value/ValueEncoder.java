package io.pgcarry.sink.value;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.BitSet;
import java.util.Date;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns a Connect value, as Debezium's PostgreSQL connector writes it, into PostgreSQL's text input
 * form for that column, so that {@code CAST(? AS <column type>)} on the target gives the source's
 * value back. Conversion goes by the field's logical schema name (Debezium's {@code io.debezium.*}
 * names are matched as strings; the sink does not depend on Debezium) and by the source column type
 * that {@code column.propagate.source.type} puts in the schema parameters.
 *
 * <p>Relies on these source connector settings (pgcarry's {@code SourceDefaults}; see the module
 * README): {@code column.propagate.source.type=.*}, {@code decimal.handling.mode=string}, {@code
 * time.precision.mode=isostring}, {@code interval.handling.mode=string}, {@code
 * hstore.handling.mode=json}, {@code binary.handling.mode=bytes}, {@code
 * include.unknown.datatypes=true} and the {@code pgtext} converter ({@code
 * io.pgcarry.source.convert.PgTextConverter}), which sends the types Debezium represents with loss
 * as PostgreSQL text. Other settings still decode (epoch-based times, Decimal, Bits, Point) but
 * lose what Debezium loses.
 *
 * <p>Stateless and thread-safe. Never puts values into exception messages.
 */
public final class ValueEncoder {

  /** The schema parameter in which Debezium propagates the source column's type name. */
  public static final String SOURCE_TYPE = "__debezium.source.column.type";

  /** The last year a PostgreSQL date can have; anything later is an infinity sentinel. */
  private static final int MAX_POSTGRES_YEAR = 5_874_897;

  private static final int NEGATIVE_INFINITY_YEAR = 292_269_055;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  /**
   * The text form of {@code value}.
   *
   * @param schema the field's schema, never null
   * @param value the value, may be null
   * @return the text, or null for SQL NULL
   * @throws ValueConversionException when the value's shape is not one Debezium produces
   */
  public String encode(Schema schema, Object value) {
    if (value == null) {
      return null;
    }
    String name = schema.name() == null ? "" : schema.name();
    return switch (name) {
      case "io.debezium.time.Date", "org.apache.kafka.connect.data.Date" -> date(value);
      case "io.debezium.time.Time" -> LocalTime.ofNanoOfDay(number(value) * 1_000_000L).toString();
      case "io.debezium.time.MicroTime" -> time(number(value) * 1_000L);
      case "io.debezium.time.NanoTime" -> time(number(value));
      case "org.apache.kafka.connect.data.Time" ->
          LocalTime.ofInstant(((Date) value).toInstant(), ZoneOffset.UTC).toString();
      case "io.debezium.time.Timestamp" -> timestamp(Math.multiplyExact(number(value), 1_000L));
      case "io.debezium.time.MicroTimestamp" -> timestamp(number(value));
      case "io.debezium.time.NanoTimestamp" -> nanoTimestamp(number(value));
      case "org.apache.kafka.connect.data.Timestamp" ->
          timestamp(Math.multiplyExact(((Date) value).getTime(), 1_000L));
      case "io.debezium.time.MicroDuration" -> number(value) + " microseconds";
      case "io.debezium.time.NanoDuration" -> number(value) / 1_000L + " microseconds";
      case "org.apache.kafka.connect.data.Decimal" -> ((BigDecimal) value).toPlainString();
      case "io.debezium.data.VariableScaleDecimal" -> variableScaleDecimal((Struct) value);
      case "io.debezium.data.Bits" -> bits(schema, value);
      case "io.debezium.data.geometry.Point" -> point((Struct) value);
      default -> byType(schema, value);
    };
  }

  private String byType(Schema schema, Object value) {
    return switch (schema.type()) {
      case BOOLEAN -> bool(schema, (Boolean) value);
      case INT8, INT16, INT32, INT64 -> value.toString();
      case FLOAT32, FLOAT64 -> floating((Number) value);
      case STRING -> string(schema, (String) value);
      case BYTES -> bytes(schema, value);
      case ARRAY -> array(schema.valueSchema(), (List<?>) value);
      case MAP -> hstore((Map<?, ?>) value);
      case STRUCT ->
          throw new ValueConversionException(
              "unsupported structured value of schema " + schema.name());
    };
  }

  /**
   * bytea as hex; any other column sent as bytes is a type Debezium does not know
   * (include.unknown.datatypes), whose bytes are the value's text.
   */
  private static String bytes(Schema schema, Object value) {
    String type = sourceType(schema);
    if (type.isEmpty() || type.equals("BYTEA")) {
      return "\\x" + HEX.formatHex(bytes(value));
    }
    return new String(bytes(value), StandardCharsets.UTF_8);
  }

  private static String bool(Schema schema, Boolean value) {
    // Debezium sends bit(1) as a boolean; bit's input form is 0 or 1.
    if (sourceType(schema).equals("BIT")) {
      return value ? "1" : "0";
    }
    return value.toString();
  }

  private static String floating(Number value) {
    double d = value.doubleValue();
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return value.toString();
  }

  private static String string(Schema schema, String value) {
    String type = sourceType(schema);
    // hstore.handling.mode=json sends {"k":"v"}; hstore's input form is "k"=>"v".
    if (type.equals("HSTORE") && value.startsWith("{")) {
      return hstoreFromJson(value);
    }
    // decimal.handling.mode=string spells numeric's infinities as Java constants.
    if (type.equals("NUMERIC") || type.equals("DECIMAL")) {
      return switch (value) {
        case "POSITIVE_INFINITY" -> "Infinity";
        case "NEGATIVE_INFINITY" -> "-Infinity";
        case "NAN" -> "NaN";
        default -> value;
      };
    }
    String name = schema.name() == null ? "" : schema.name();
    if (name.equals("io.debezium.time.IsoDate")
        || name.equals("io.debezium.time.IsoTime")
        || name.equals("io.debezium.time.IsoTimestamp")) {
      return isoLocal(value);
    }
    return value;
  }

  private String array(Schema elementSchema, List<?> values) {
    StringBuilder out = new StringBuilder("{");
    for (Iterator<?> it = values.iterator(); it.hasNext(); ) {
      Object element = it.next();
      if (element == null) {
        out.append("NULL");
      } else if (element instanceof List<?> nested) {
        out.append(array(elementSchema.valueSchema(), nested));
      } else {
        quoteArrayElement(out, encode(elementSchema, element));
      }
      if (it.hasNext()) {
        out.append(',');
      }
    }
    return out.append('}').toString();
  }

  private static void quoteArrayElement(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
  }

  private static String hstore(Map<?, ?> map) {
    StringBuilder out = new StringBuilder();
    map.forEach(
        (k, v) -> {
          if (out.length() > 0) {
            out.append(',');
          }
          quoteArrayElement(out, String.valueOf(k));
          out.append("=>");
          if (v == null) {
            out.append("NULL");
          } else {
            quoteArrayElement(out, v.toString());
          }
        });
    return out.toString();
  }

  private static String hstoreFromJson(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      Map<String, String> map = new LinkedHashMap<>();
      node.fields()
          .forEachRemaining(
              e -> map.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
      return hstore(map);
    } catch (JsonProcessingException e) {
      throw new ValueConversionException("hstore value is not a JSON object");
    }
  }

  /**
   * time.precision.mode=isostring writes dates, times and timestamps without time zone as UTC ISO
   * strings ending in Z, with astronomical years (0 is 1 BC, -43 is 44 BC).
   */
  private static String isoLocal(String value) {
    String text = value.endsWith("Z") ? value.substring(0, value.length() - 1) : value;
    if (text.startsWith("-") && text.indexOf('-', 1) > 0) {
      int year = Integer.parseInt(text.substring(0, text.indexOf('-', 1)));
      return withEra(text, year);
    }
    if (text.startsWith("+")) {
      text = text.substring(1);
      int year = Integer.parseInt(text.substring(0, text.indexOf('-')));
      if (year > MAX_POSTGRES_YEAR) {
        // Snapshots carry ±infinity as pgJDBC's sentinel instants; only -infinity lands on
        // year 292269055 after Debezium's calendar conversion.
        return year == NEGATIVE_INFINITY_YEAR ? "-infinity" : "infinity";
      }
    }
    if (text.length() > 4 && text.charAt(4) == '-' && text.startsWith("0000")) {
      return withEra(text, 0);
    }
    return text;
  }

  private static String date(Object value) {
    long days = value instanceof Date d ? Math.floorDiv(d.getTime(), 86_400_000L) : number(value);
    return withEra(LocalDate.ofEpochDay(days).toString(), LocalDate.ofEpochDay(days).getYear());
  }

  private static String time(long nanos) {
    // 24:00:00 is a valid PostgreSQL time that LocalTime cannot hold.
    if (nanos == 86_400_000_000_000L) {
      return "24:00:00";
    }
    return LocalTime.ofNanoOfDay(nanos).toString();
  }

  private static String timestamp(long micros) {
    Instant instant =
        Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    return withEra(t.toString(), t.getYear());
  }

  private static String nanoTimestamp(long nanos) {
    Instant instant =
        Instant.ofEpochSecond(
            Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    return withEra(t.toString(), t.getYear());
  }

  /** ISO years count 0 as 1 BC; PostgreSQL wants the BC suffix and a positive year. */
  private static String withEra(String iso, int year) {
    if (year > 0) {
      return iso;
    }
    String rest = iso.substring(iso.indexOf('-', 1));
    return String.format(Locale.ROOT, "%04d%s BC", 1 - year, rest);
  }

  private static String variableScaleDecimal(Struct struct) {
    int scale = struct.getInt32("scale");
    byte[] unscaled = bytes(struct.get("value"));
    return new BigDecimal(new BigInteger(unscaled), scale).toPlainString();
  }

  private static String point(Struct struct) {
    return "(" + floating(struct.getFloat64("x")) + "," + floating(struct.getFloat64("y")) + ")";
  }

  /** Debezium's Bits are the bit string as little-endian bytes (java.util.BitSet order). */
  private static String bits(Schema schema, Object value) {
    byte[] b = bytes(value);
    String length = schema.parameters() == null ? null : schema.parameters().get("length");
    int n = length == null ? b.length * 8 : Math.min(Integer.parseInt(length), b.length * 8);
    BitSet set = BitSet.valueOf(b);
    StringBuilder out = new StringBuilder(n);
    for (int i = n - 1; i >= 0; i--) {
      out.append(set.get(i) ? '1' : '0');
    }
    return out.toString();
  }

  private static byte[] bytes(Object value) {
    if (value instanceof byte[] b) {
      return b;
    }
    if (value instanceof ByteBuffer buffer) {
      byte[] b = new byte[buffer.remaining()];
      buffer.duplicate().get(b);
      return b;
    }
    throw new ValueConversionException("expected bytes, got " + value.getClass().getSimpleName());
  }

  private static long number(Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    throw new ValueConversionException(
        "expected a number, got " + value.getClass().getSimpleName());
  }

  /** The source column's type name in upper case, or "" when not propagated. */
  static String sourceType(Schema schema) {
    Map<String, String> parameters = schema.parameters();
    String type = parameters == null ? null : parameters.get(SOURCE_TYPE);
    return type == null ? "" : type.toUpperCase(Locale.ROOT);
  }
}
