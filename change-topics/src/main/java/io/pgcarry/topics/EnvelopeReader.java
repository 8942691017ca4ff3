package io.pgcarry.topics;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * Reads a change event written by {@link JsonConverter} with schemas without parsing its schema
 * again for every record: the schema's bytes are found by scanning, and per distinct schema a
 * JsonConverter configured with that schema ({@code schema.content}) reads the payload alone.
 * JsonConverter itself parses the whole envelope into a tree and looks the schema up by the tree:
 * measured ({@code pgcarry bench --profile}), that was a quarter of the migrate process's CPU while
 * the sink drained a backlog, on the sink task's one thread. A record of any other shape is read by
 * JsonConverter. Thread-safe.
 */
final class EnvelopeReader {

  private static final byte[] SCHEMA = EnvelopeWriter.SCHEMA;
  private static final byte[] PAYLOAD = EnvelopeWriter.PAYLOAD;

  /** Schemas kept at most; a connector has one per table version. */
  private static final int CACHED = 1_000;

  private final JsonConverter withSchemas;
  private final Map<String, ?> configs;
  private final boolean isKey;
  private final Map<SchemaBytes, JsonConverter> readers = new HashMap<>();

  EnvelopeReader(JsonConverter withSchemas, Map<String, ?> configs, boolean isKey) {
    this.withSchemas = withSchemas;
    this.configs = Map.copyOf(configs);
    this.isKey = isKey;
  }

  SchemaAndValue read(String topic, byte[] value) {
    int end = value == null ? -1 : schemaEnd(value);
    if (end < 0) {
      return withSchemas.toConnectData(topic, value);
    }
    SchemaBytes schema = new SchemaBytes(value, SCHEMA.length, end);
    JsonConverter reader;
    synchronized (this) {
      reader = readers.get(schema);
    }
    if (reader == null) {
      SchemaAndValue first = withSchemas.toConnectData(topic, value);
      keep(schema.copy());
      return first;
    }
    return reader.toConnectData(
        topic, Arrays.copyOfRange(value, end + PAYLOAD.length, value.length - 1));
  }

  private void keep(SchemaBytes schema) {
    Map<String, Object> readerConfigs = new HashMap<>(configs);
    readerConfigs.put("schemas.enable", "true");
    readerConfigs.put(
        "schema.content",
        new String(schema.bytes, schema.from, schema.to - schema.from, StandardCharsets.UTF_8));
    JsonConverter reader = new JsonConverter();
    reader.configure(readerConfigs, isKey);
    synchronized (this) {
      if (readers.size() >= CACHED) {
        readers.values().forEach(JsonConverter::close);
        readers.clear();
      }
      readers.put(schema, reader);
    }
  }

  /**
   * Where the schema of an envelope {@code {"schema":S,"payload":P}} ends, or -1 when the record
   * does not have exactly that shape.
   */
  static int schemaEnd(byte[] value) {
    if (value.length < SCHEMA.length + PAYLOAD.length + 3
        || !Arrays.equals(value, 0, SCHEMA.length, SCHEMA, 0, SCHEMA.length)
        || value[SCHEMA.length] != '{'
        || value[value.length - 1] != '}') {
      return -1;
    }
    int depth = 0;
    for (int i = SCHEMA.length; i < value.length; i++) {
      byte b = value[i];
      if (b == '"') {
        // A string: to its closing quote, past escaped characters. UTF-8's multi-byte sequences
        // never contain these two ASCII bytes.
        for (i++; i < value.length && value[i] != '"'; i++) {
          if (value[i] == '\\') {
            i++;
          }
        }
      } else if (b == '{' || b == '[') {
        depth++;
      } else if (b == '}' || b == ']') {
        depth--;
        if (depth == 0) {
          int end = i + 1;
          boolean payloadFollows =
              end + PAYLOAD.length < value.length
                  && Arrays.equals(value, end, end + PAYLOAD.length, PAYLOAD, 0, PAYLOAD.length);
          return payloadFollows ? end : -1;
        }
      }
    }
    return -1;
  }

  /** How many schemas are kept. */
  synchronized int kept() {
    return readers.size();
  }

  synchronized void close() {
    readers.values().forEach(JsonConverter::close);
    readers.clear();
  }

  /** A schema's bytes within a record, compared by content. */
  private static final class SchemaBytes {
    private final byte[] bytes;
    private final int from;
    private final int to;
    private final int hash;

    SchemaBytes(byte[] bytes, int from, int to) {
      this.bytes = bytes;
      this.from = from;
      this.to = to;
      int h = 1;
      for (int i = from; i < to; i++) {
        h = 31 * h + bytes[i];
      }
      this.hash = h;
    }

    SchemaBytes copy() {
      return new SchemaBytes(Arrays.copyOfRange(bytes, from, to), 0, to - from);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SchemaBytes other
          && hash == other.hash
          && Arrays.equals(bytes, from, to, other.bytes, other.from, other.to);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
