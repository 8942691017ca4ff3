package io.pgcarry.topics;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Writes a Connect value as {@link org.apache.kafka.connect.json.JsonConverter} writes it (its
 * {@code convertToJson}, then Jackson's serialization of the tree), but straight to a streaming
 * {@link JsonGenerator}: no tree of nodes per record. The same rules, in the same order: a null
 * with a default is the default when {@code replace.null.with.default} says so, the four logical
 * types of Connect, bytes as base64 (a {@link ByteBuffer}'s whole backing array, as JsonConverter
 * takes it), maps with string keys as objects and any other map as an array of pairs, struct fields
 * in schema order. Whatever it cannot write as JsonConverter would throws {@link Unsupported}, and
 * the caller lets JsonConverter write the record. Stateless; thread-safe.
 */
final class PayloadWriter {

  /** A value this writer does not write as JsonConverter would; JsonConverter writes it. */
  static final class Unsupported extends RuntimeException {
    Unsupported(String message) {
      super(message, null, false, false);
    }
  }

  private final boolean replaceNullWithDefault;
  private final boolean decimalsAsNumbers;

  /**
   * @param replaceNullWithDefault JsonConverter's {@code replace.null.with.default}
   * @param decimalsAsNumbers JsonConverter's {@code decimal.format} is {@code NUMERIC}
   */
  PayloadWriter(boolean replaceNullWithDefault, boolean decimalsAsNumbers) {
    this.replaceNullWithDefault = replaceNullWithDefault;
    this.decimalsAsNumbers = decimalsAsNumbers;
  }

  /**
   * Writes one value of a schema.
   *
   * @throws DataException where JsonConverter throws it: a required value missing, a value of
   *     another type than its schema's
   * @throws Unsupported where this writer cannot promise JsonConverter's bytes
   */
  void write(JsonGenerator g, Schema schema, Object value) throws IOException {
    if (value == null) {
      if (schema.defaultValue() != null && replaceNullWithDefault) {
        write(g, schema, schema.defaultValue());
      } else if (schema.isOptional()) {
        g.writeNull();
      } else {
        throw new DataException(
            "Conversion error: null value for field that is required and has no default value");
      }
      return;
    }
    String name = schema.name();
    if (name != null && writeLogical(g, schema, name, value)) {
      return;
    }
    try {
      switch (schema.type()) {
        case INT8 -> g.writeNumber((Byte) value);
        case INT16 -> g.writeNumber((Short) value);
        case INT32 -> g.writeNumber((Integer) value);
        case INT64 -> g.writeNumber((Long) value);
        case FLOAT32 -> g.writeNumber((Float) value);
        case FLOAT64 -> g.writeNumber((Double) value);
        case BOOLEAN -> g.writeBoolean((Boolean) value);
        case STRING -> g.writeString(((CharSequence) value).toString());
        case BYTES -> writeBytes(g, value);
        case ARRAY -> writeArray(g, schema, (Collection<?>) value);
        case MAP -> writeMap(g, schema, (Map<?, ?>) value);
        case STRUCT -> writeStruct(g, schema, (Struct) value);
        default -> throw new Unsupported("schema type " + schema.type());
      }
    } catch (ClassCastException e) {
      throw new DataException("Invalid type for " + schema.type() + ": " + value.getClass());
    }
  }

  /** The logical types JsonConverter knows; false for any other name. */
  private boolean writeLogical(JsonGenerator g, Schema schema, String name, Object value)
      throws IOException {
    switch (name) {
      case Decimal.LOGICAL_NAME -> {
        if (!(value instanceof BigDecimal decimal)) {
          throw new DataException(
              "Invalid type for Decimal, expected BigDecimal but was " + value.getClass());
        }
        if (decimalsAsNumbers) {
          g.writeNumber(decimal);
        } else {
          g.writeBinary(Decimal.fromLogical(schema, decimal));
        }
        return true;
      }
      case Date.LOGICAL_NAME -> {
        g.writeNumber(Date.fromLogical(schema, date(value, "Date")));
        return true;
      }
      case Time.LOGICAL_NAME -> {
        g.writeNumber(Time.fromLogical(schema, date(value, "Time")));
        return true;
      }
      case Timestamp.LOGICAL_NAME -> {
        g.writeNumber(Timestamp.fromLogical(schema, date(value, "Timestamp")));
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private static java.util.Date date(Object value, String type) {
    if (!(value instanceof java.util.Date date)) {
      throw new DataException(
          "Invalid type for " + type + ", expected Date but was " + value.getClass());
    }
    return date;
  }

  private static void writeBytes(JsonGenerator g, Object value) throws IOException {
    if (value instanceof byte[] bytes) {
      g.writeBinary(bytes);
    } else if (value instanceof ByteBuffer buffer) {
      g.writeBinary(buffer.array());
    } else {
      throw new DataException("Invalid type for bytes type: " + value.getClass());
    }
  }

  private void writeArray(JsonGenerator g, Schema schema, Collection<?> values) throws IOException {
    g.writeStartArray();
    Schema element = schema.valueSchema();
    for (Object value : values) {
      write(g, element, value);
    }
    g.writeEndArray();
  }

  private void writeMap(JsonGenerator g, Schema schema, Map<?, ?> map) throws IOException {
    Schema keys = schema.keySchema();
    Schema values = schema.valueSchema();
    if (keys.type() != Schema.Type.STRING) {
      g.writeStartArray();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        g.writeStartArray();
        write(g, keys, entry.getKey());
        write(g, values, entry.getValue());
        g.writeEndArray();
      }
      g.writeEndArray();
      return;
    }
    // JsonConverter sets each key's text on an object node: keys of equal text (a null key is
    // "null") would be merged, which a stream cannot do. Distinct strings cannot be.
    if (!allStrings(map)) {
      throw new Unsupported("a map whose keys JsonConverter could merge");
    }
    g.writeStartObject();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      g.writeFieldName(((CharSequence) entry.getKey()).toString());
      write(g, values, entry.getValue());
    }
    g.writeEndObject();
  }

  private static boolean allStrings(Map<?, ?> map) {
    for (Object key : map.keySet()) {
      if (!(key instanceof String)) {
        return false;
      }
    }
    return true;
  }

  private void writeStruct(JsonGenerator g, Schema schema, Struct struct) throws IOException {
    if (!struct.schema().equals(schema)) {
      throw new DataException("Mismatching schema.");
    }
    g.writeStartObject();
    List<Field> fields = schema.fields();
    for (int i = 0, n = fields.size(); i < n; i++) {
      Field field = fields.get(i);
      g.writeFieldName(field.name());
      // Struct.get(Field) substitutes the default for a null; JsonConverter reads the value as set.
      Object value =
          field.schema().defaultValue() == null
              ? struct.get(field)
              : struct.getWithoutDefault(field.name());
      write(g, field.schema(), value);
    }
    g.writeEndObject();
  }
}
