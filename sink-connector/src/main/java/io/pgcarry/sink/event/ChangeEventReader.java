package io.pgcarry.sink.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.sink.value.ColumnDecoder;
import io.pgcarry.sink.value.UnavailableValue;
import io.pgcarry.sink.value.ValueConversionException;
import io.pgcarry.topics.ChangeTopicConverter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads a Debezium change event (envelope {@code before}/{@code after}/{@code source}/{@code op})
 * from the bytes of a record, as the source connector's converter wrote them (JsonConverter's JSON
 * with schemas), straight into the sink's model: one pass of a streaming parser over the payload,
 * each column's value turned into PostgreSQL text by its {@link ColumnDecoder}. The schema part of
 * a record is parsed once per schema: each topic keeps the bytes of its last schema, and a record
 * whose schema has the same bytes (compared, not parsed nor hashed) is read with the same decoders.
 * The stream position comes from the {@code pgcarry.tx.*} headers; the table from {@code
 * source.schema} and {@code source.table}, never from the topic name.
 *
 * <p>A record whose value a converter turned into a {@code Struct} (a sink configured with
 * JsonConverter instead of ByteArrayConverter) is written back to the same bytes first, by the
 * change topics' own converter: slower, the same result. Not thread-safe: one per task.
 */
public final class ChangeEventReader {

  private static final byte[] SCHEMA = "{\"schema\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PAYLOAD = ",\"payload\":".getBytes(StandardCharsets.UTF_8);
  private static final JsonFactory FACTORY = JsonFactory.builder().build();
  private static final ObjectMapper JSON = new ObjectMapper(FACTORY);

  private final UnavailableValue unavailable;
  private final Map<String, EnvelopeSchema> values = new HashMap<>();
  private final Map<String, KeySchema> keys = new HashMap<>();
  private ChangeTopicConverter valueWriter;
  private ChangeTopicConverter keyWriter;

  public ChangeEventReader(UnavailableValue unavailable) {
    this.unavailable = unavailable;
  }

  /**
   * The change event in a record.
   *
   * @return the event, or null when the record is not a row change (a tombstone, a heartbeat, a
   *     logical decoding message, a transaction marker)
   * @throws ValueConversionException when the record is a change event that cannot be read, or its
   *     stream position headers are incomplete or malformed
   * @throws ConnectException when the record is a change event without its schema
   */
  public ChangeEvent read(SinkRecord record) {
    RecordPosition position =
        new RecordPosition(record.topic(), record.kafkaPartition(), record.kafkaOffset());
    byte[] value = valueBytes(record);
    if (value == null) {
      return null;
    }
    try {
      Payload payload = payload(record.topic(), value, position);
      if (payload == null) {
        return null;
      }
      return payload.event(keyColumns(record), position, record);
    } catch (IOException e) {
      throw new ValueConversionException("the change event is not JSON: " + e.getMessage(), e);
    }
  }

  /** The payload of an envelope, read, or null when the record is no change event. */
  private Payload payload(String topic, byte[] value, RecordPosition position) throws IOException {
    if (!startsWith(value, SCHEMA)) {
      refuseSchemaless(value, position);
      return null;
    }
    EnvelopeSchema schema = values.get(topic);
    if (schema == null || !schema.matches(value)) {
      schema = EnvelopeSchema.parse(value, unavailable);
      if (schema.bytes != null) {
        values.put(topic, schema);
      }
    }
    if (!schema.envelope) {
      return null;
    }
    if (schema.bytes == null) {
      // Not exactly JsonConverter's layout: the payload found in a tree, read the same way.
      JsonNode payload = JSON.readTree(value).path("payload");
      try (JsonParser p = payload.traverse(JSON)) {
        return Payload.read(p, schema);
      }
    }
    int from = SCHEMA.length + schema.bytes.length + PAYLOAD.length;
    try (JsonParser p = FACTORY.createParser(value, from, value.length - 1 - from)) {
      return Payload.read(p, schema);
    }
  }

  /** A change event without its schema cannot be read: skipping it would lose the change. */
  private static void refuseSchemaless(byte[] value, RecordPosition position) throws IOException {
    JsonNode tree;
    try {
      tree = JSON.readTree(value);
    } catch (IOException e) {
      return;
    }
    if (tree != null && tree.has("op") && tree.has("source")) {
      throw new ConnectException(
          "the record at "
              + position
              + " is a change event without a schema; the sink needs JsonConverter's JSON with"
              + " schemas: set value.converter.schemas.enable=true (and the same for keys) on the"
              + " source connector");
    }
  }

  private byte[] valueBytes(SinkRecord record) {
    Object value = record.value();
    if (value == null || value instanceof byte[]) {
      return (byte[]) value;
    }
    if (value instanceof Struct struct) {
      if (valueWriter == null) {
        valueWriter = writer(false);
      }
      return valueWriter.fromConnectData(record.topic(), struct.schema(), struct);
    }
    if (value instanceof Map<?, ?> map && map.containsKey("op") && map.containsKey("source")) {
      throw new ConnectException(
          "the record at "
              + new RecordPosition(record.topic(), record.kafkaPartition(), record.kafkaOffset())
              + " is a change event without a schema; the sink needs JsonConverter's JSON with"
              + " schemas: set value.converter.schemas.enable=true (and the same for keys) on the"
              + " source connector, and value.converter=ByteArrayConverter on the sink");
    }
    return null;
  }

  /** The key's columns: the names of the key schema's fields. */
  private List<String> keyColumns(SinkRecord record) throws IOException {
    Object key = record.key();
    if (key instanceof Struct struct) {
      return struct.schema().fields().stream().map(Field::name).toList();
    }
    if (!(key instanceof byte[] bytes) || !startsWith(bytes, SCHEMA)) {
      return List.of();
    }
    KeySchema schema = keys.get(record.topic());
    if (schema == null || !schema.matches(bytes)) {
      schema = KeySchema.parse(bytes);
      keys.put(record.topic(), schema);
    }
    return schema.columns;
  }

  private static ChangeTopicConverter writer(boolean isKey) {
    ChangeTopicConverter converter = new ChangeTopicConverter();
    converter.configure(
        Map.of("schemas.enable", "true", "replace.null.with.default", "false"), isKey);
    return converter;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length > prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** Whether {@code bytes} hold {@code schema}'s bytes right after the envelope's start. */
  private static boolean holds(byte[] bytes, byte[] schema) {
    int end = SCHEMA.length + schema.length;
    return bytes.length > end + PAYLOAD.length
        && Arrays.equals(bytes, SCHEMA.length, end, schema, 0, schema.length)
        && Arrays.equals(bytes, end, end + PAYLOAD.length, PAYLOAD, 0, PAYLOAD.length);
  }

  /**
   * Where the schema object of an envelope ends, or -1 when the payload does not follow it
   * directly, as JsonConverter writes it.
   */
  private static JsonNode schemaOf(byte[] bytes, int[] end) throws IOException {
    try (JsonParser p = FACTORY.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT
          || !"schema".equals(p.nextFieldName())
          || p.nextToken() != JsonToken.START_OBJECT) {
        throw new ValueConversionException("the record's schema is not a JSON object");
      }
      JsonNode schema = JSON.readTree(p);
      int after = (int) p.currentLocation().getByteOffset();
      boolean payloadFollows =
          after + PAYLOAD.length < bytes.length
              && Arrays.equals(bytes, after, after + PAYLOAD.length, PAYLOAD, 0, PAYLOAD.length)
              && bytes[bytes.length - 1] == '}';
      end[0] = payloadFollows ? after : -1;
      return schema;
    }
  }

  /** The key schema of a topic: its bytes and its field names. */
  private record KeySchema(byte[] bytes, List<String> columns) {
    boolean matches(byte[] key) {
      return bytes != null && holds(key, bytes);
    }

    static KeySchema parse(byte[] key) throws IOException {
      int[] end = new int[1];
      JsonNode schema = schemaOf(key, end);
      List<String> columns = new ArrayList<>();
      schema.path("fields").forEach(f -> columns.add(f.path("field").asText()));
      byte[] bytes = end[0] < 0 ? null : Arrays.copyOfRange(key, SCHEMA.length, end[0]);
      return new KeySchema(bytes, List.copyOf(columns));
    }
  }

  /** The value schema of a topic: whether it is Debezium's envelope, and its rows' decoders. */
  private static final class EnvelopeSchema {
    /** The schema's bytes, or null when the record does not have JsonConverter's layout. */
    private final byte[] bytes;

    private final boolean envelope;
    private final RowSchema before;
    private final RowSchema after;

    private EnvelopeSchema(byte[] bytes, boolean envelope, RowSchema before, RowSchema after) {
      this.bytes = bytes;
      this.envelope = envelope;
      this.before = before;
      this.after = after;
    }

    boolean matches(byte[] value) {
      return bytes != null && holds(value, bytes);
    }

    static EnvelopeSchema parse(byte[] value, UnavailableValue unavailable) throws IOException {
      int[] end = new int[1];
      JsonNode schema = schemaOf(value, end);
      byte[] bytes = end[0] < 0 ? null : Arrays.copyOfRange(value, SCHEMA.length, end[0]);
      Map<String, JsonNode> fields = new HashMap<>();
      schema.path("fields").forEach(f -> fields.put(f.path("field").asText(), f));
      boolean envelope =
          fields.containsKey("op")
              && fields.containsKey("source")
              && fields.containsKey("before")
              && fields.containsKey("after");
      if (!envelope) {
        return new EnvelopeSchema(bytes, false, null, null);
      }
      RowSchema after = RowSchema.of(fields.get("after"), unavailable);
      RowSchema before =
          fields.get("before").equals(fields.get("after"))
              ? after
              : RowSchema.of(fields.get("before"), unavailable);
      return new EnvelopeSchema(bytes, true, before, after);
    }
  }

  /** The columns of a row schema and their decoders. */
  private record RowSchema(Row.Columns columns, ColumnDecoder[] decoders) {
    static RowSchema of(JsonNode schema, UnavailableValue unavailable) {
      List<String> names = new ArrayList<>();
      List<ColumnDecoder> decoders = new ArrayList<>();
      for (JsonNode field : schema.path("fields")) {
        names.add(field.path("field").asText());
        decoders.add(ColumnDecoder.of(field, unavailable));
      }
      return new RowSchema(Row.Columns.of(names), decoders.toArray(ColumnDecoder[]::new));
    }

    /** The row at the parser's current token: null, or an object of the schema's fields. */
    Row read(JsonParser p) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NULL) {
        return null;
      }
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw new ValueConversionException("a row image is not a JSON object");
      }
      List<String> names = columns.names();
      String[] texts = new String[names.size()];
      boolean[] missing = null;
      int expected = 0;
      String name;
      while ((name = p.nextFieldName()) != null) {
        // JsonConverter writes the fields in the schema's order.
        int i =
            expected < texts.length && names.get(expected).equals(name)
                ? expected
                : columns.indexOf(name);
        p.nextToken();
        if (i < 0) {
          p.skipChildren();
          continue;
        }
        String text;
        try {
          text = decoders[i].readText(p);
        } catch (ValueConversionException e) {
          throw new ValueConversionException(
              "cannot convert column " + name + ": " + e.getMessage(), e);
        }
        if (ColumnDecoder.isUnavailable(text)) {
          missing = missing == null ? new boolean[texts.length] : missing;
          missing[i] = true;
        } else {
          texts[i] = text;
        }
        expected = i + 1;
      }
      return new Row(columns, texts, missing);
    }
  }

  /** What a payload holds. */
  private static final class Payload {
    private Row before;
    private Row after;
    private String op;
    private String schema;
    private String table;
    private Long lsn;
    private Long tsMs;
    private Long txId;
    private String snapshot;
    private boolean hasSource;

    static Payload read(JsonParser p, EnvelopeSchema schema) throws IOException {
      JsonToken token = p.nextToken();
      if (token == null || token == JsonToken.VALUE_NULL) {
        return null;
      }
      if (token != JsonToken.START_OBJECT) {
        throw new ValueConversionException("the change event's payload is not a JSON object");
      }
      Payload payload = new Payload();
      String name;
      while ((name = p.nextFieldName()) != null) {
        p.nextToken();
        switch (name) {
          case "before" -> payload.before = schema.before.read(p);
          case "after" -> payload.after = schema.after.read(p);
          case "op" -> payload.op = p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
          case "source" -> payload.source(p);
          default -> p.skipChildren();
        }
      }
      return payload;
    }

    private void source(JsonParser p) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        return;
      }
      hasSource = true;
      String name;
      while ((name = p.nextFieldName()) != null) {
        JsonToken token = p.nextToken();
        boolean isNull = token == JsonToken.VALUE_NULL;
        switch (name) {
          case "schema" -> schema = isNull ? null : p.getText();
          case "table" -> table = isNull ? null : p.getText();
          case "snapshot" -> snapshot = isNull ? null : p.getText();
          case "lsn" -> lsn = number(p, token);
          case "ts_ms" -> tsMs = number(p, token);
          case "txId" -> txId = number(p, token);
          default -> p.skipChildren();
        }
      }
    }

    private static Long number(JsonParser p, JsonToken token) throws IOException {
      return token == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
    }

    ChangeEvent event(List<String> keyColumns, RecordPosition position, SinkRecord record) {
      ChangeKind kind = op == null ? null : ChangeKind.fromOp(op);
      if (kind == null || !hasSource) {
        return null;
      }
      if (schema == null) {
        throw new ValueConversionException("change event has no source.schema");
      }
      if (table == null) {
        throw new ValueConversionException("change event has no source.table");
      }
      boolean read = kind == ChangeKind.READ;
      return new ChangeEvent(
          new TableId(schema, table),
          kind,
          before,
          after,
          keyColumns,
          RecordHeaders.streamPosition(record, lsn == null ? null : new Lsn(lsn), tsMs, txId),
          position,
          read && ("first".equals(snapshot) || "first_in_data_collection".equals(snapshot)),
          read && snapshot != null && !snapshot.equals("incremental") && !snapshot.equals("false"));
    }
  }
}
