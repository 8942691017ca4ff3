package io.pgcarry.topics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.DecimalFormat;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.storage.ConverterConfig;
import org.apache.kafka.connect.storage.ConverterType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a change event as {@link JsonConverter} with schemas writes it, byte for byte, without its
 * tree of nodes: the schema's JSON is kept per schema object (a connector reuses one object per
 * table version, so it is found by identity, not by hashing), and the payload is written straight
 * from the {@code Struct} by a streaming generator ({@link PayloadWriter}). The first record of
 * each schema is written by JsonConverter too: its envelope gives the schema's JSON, and the
 * payload must equal this writer's, byte for byte, or every record of that schema is left to
 * JsonConverter. JsonConverter builds a tree per record and serializes it: measured ({@code pgcarry
 * bench}), the source task spent most of its CPU there. Thread-safe.
 */
final class EnvelopeWriter {

  private static final Logger LOG = LoggerFactory.getLogger(EnvelopeWriter.class);

  /** How JsonConverter's envelope starts, up to the schema. */
  static final byte[] SCHEMA = "{\"schema\":".getBytes(StandardCharsets.UTF_8);

  /** What stands between the schema and the payload in the envelope. */
  static final byte[] PAYLOAD = ",\"payload\":".getBytes(StandardCharsets.UTF_8);

  /** Schemas kept at most; a connector has one per table version. */
  private static final int CACHED = 1_000;

  private static final byte[] BY_JSON_CONVERTER = new byte[0];

  private final JsonConverter withSchemas;
  private final PayloadWriter payloads;
  private final JsonFactory json = JsonFactory.builder().build();
  private final ThreadLocal<Buffer> buffers = ThreadLocal.withInitial(Buffer::new);

  /** The schema's JSON, or {@link #BY_JSON_CONVERTER} where JsonConverter writes every record. */
  private final Map<Schema, byte[]> schemas = new IdentityHashMap<>();

  /**
   * @param withSchemas the converter whose output this reproduces, configured with schemas
   * @param configs its settings
   * @param isKey whether it converts keys
   */
  EnvelopeWriter(JsonConverter withSchemas, Map<String, ?> configs, boolean isKey) {
    this.withSchemas = withSchemas;
    Map<String, Object> typed = new HashMap<>(configs);
    typed.put(
        ConverterConfig.TYPE_CONFIG, (isKey ? ConverterType.KEY : ConverterType.VALUE).getName());
    JsonConverterConfig config = new JsonConverterConfig(typed);
    this.payloads =
        new PayloadWriter(
            config.replaceNullWithDefault(), config.decimalFormat() == DecimalFormat.NUMERIC);
  }

  byte[] write(String topic, Schema schema, Object value) {
    if (schema == null) {
      return withSchemas.fromConnectData(topic, schema, value);
    }
    byte[] schemaJson;
    synchronized (this) {
      schemaJson = schemas.get(schema);
    }
    if (schemaJson == null) {
      return firstOf(topic, schema, value);
    }
    if (schemaJson == BY_JSON_CONVERTER) {
      return withSchemas.fromConnectData(topic, schema, value);
    }
    Buffer out = buffers.get().reset();
    out.write(SCHEMA);
    out.write(schemaJson);
    out.write(PAYLOAD);
    if (!writePayload(out, schema, value)) {
      // A value this writer leaves to JsonConverter, or one JsonConverter refuses: its own words.
      return withSchemas.fromConnectData(topic, schema, value);
    }
    out.write('}');
    return out.toByteArray();
  }

  /**
   * The first record of a schema, written by JsonConverter; the schema's JSON is what its envelope
   * holds before the payload, which must be this writer's payload exactly. Otherwise every record
   * of that schema goes through JsonConverter.
   */
  private byte[] firstOf(String topic, Schema schema, Object value) {
    byte[] expected = withSchemas.fromConnectData(topic, schema, value);
    Buffer out = buffers.get().reset();
    byte[] schemaJson = BY_JSON_CONVERTER;
    if (writePayload(out, schema, value)) {
      byte[] payload = out.toByteArray();
      int schemaEnd = expected.length - 1 - payload.length - PAYLOAD.length;
      if (schemaEnd > SCHEMA.length
          && Arrays.equals(expected, 0, SCHEMA.length, SCHEMA, 0, SCHEMA.length)
          && Arrays.equals(
              expected, schemaEnd, schemaEnd + PAYLOAD.length, PAYLOAD, 0, PAYLOAD.length)
          && Arrays.equals(
              expected, schemaEnd + PAYLOAD.length, expected.length - 1, payload, 0, payload.length)
          && expected[expected.length - 1] == '}') {
        schemaJson = Arrays.copyOfRange(expected, SCHEMA.length, schemaEnd);
      }
    }
    if (schemaJson == BY_JSON_CONVERTER) {
      LOG.warn(
          "Change events of topic {} with schema {} are written by JsonConverter itself: its"
              + " envelope does not have the expected shape",
          topic,
          schema.name());
    }
    synchronized (this) {
      if (schemas.size() >= CACHED) {
        schemas.clear();
      }
      schemas.put(schema, schemaJson);
    }
    return expected;
  }

  /** Appends the payload; false when JsonConverter is to write this record instead. */
  private boolean writePayload(Buffer out, Schema schema, Object value) {
    try (JsonGenerator g = json.createGenerator(out)) {
      payloads.write(g, schema, value);
      return true;
    } catch (PayloadWriter.Unsupported | DataException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the schema's JSON is kept, so that its records are written without JsonConverter. */
  synchronized boolean keeps(Schema schema) {
    byte[] kept = schemas.get(schema);
    return kept != null && kept != BY_JSON_CONVERTER;
  }

  /** A growing byte buffer, one per thread, reused from record to record. */
  private static final class Buffer extends OutputStream {
    private byte[] bytes = new byte[1024];
    private int size;

    Buffer reset() {
      size = 0;
      if (bytes.length > 1 << 20) {
        // A large value passed; the next ones need not keep its buffer.
        bytes = new byte[1024];
      }
      return this;
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b) {
      write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, size, len);
      size += len;
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, size);
    }
  }
}
