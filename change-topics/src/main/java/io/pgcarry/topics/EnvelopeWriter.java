package io.pgcarry.topics;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a change event as {@link JsonConverter} with schemas writes it, byte for byte, without
 * serializing the schema again for every record: the schema's JSON is kept per schema object (a
 * connector reuses one object per table version), and only the payload is converted, by a
 * JsonConverter configured alike but without schemas. The schema's JSON is cut from the envelope
 * that JsonConverter writes for the schema's first record, so it is JsonConverter's own bytes, and
 * no Jackson type crosses from the worker's class loader. JsonConverter itself serializes the whole
 * envelope each time: measured ({@code pgcarry bench --profile}), writing schemas was 16% of the
 * worker's CPU while it drained a backlog of changes. Thread-safe.
 */
final class EnvelopeWriter {

  private static final Logger LOG = LoggerFactory.getLogger(EnvelopeWriter.class);

  /** How JsonConverter's envelope starts, up to the schema; {@link EnvelopeReader} reads by it. */
  static final byte[] SCHEMA = "{\"schema\":".getBytes(StandardCharsets.UTF_8);

  /** What stands between the schema and the payload in the envelope. */
  static final byte[] PAYLOAD = ",\"payload\":".getBytes(StandardCharsets.UTF_8);

  /** Schemas kept at most; a connector has one per table version. */
  private static final int CACHED = 1_000;

  private final JsonConverter withSchemas;
  private final JsonConverter payloads = new JsonConverter();

  /** The schema's JSON, or an empty array where JsonConverter writes every record itself. */
  private final Map<Schema, byte[]> schemas = new IdentityHashMap<>();

  /**
   * @param withSchemas the converter whose output this reproduces, configured with schemas
   * @param configs its settings, given to the payload converter with schemas disabled
   */
  EnvelopeWriter(JsonConverter withSchemas, Map<String, ?> configs, boolean isKey) {
    this.withSchemas = withSchemas;
    Map<String, Object> payloadConfigs = new HashMap<>(configs);
    payloadConfigs.put("schemas.enable", "false");
    payloads.configure(payloadConfigs, isKey);
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
    if (schemaJson.length == 0) {
      return withSchemas.fromConnectData(topic, schema, value);
    }
    return envelope(schemaJson, payloads.fromConnectData(topic, schema, value));
  }

  /**
   * The first record of a schema, written by JsonConverter; the schema's JSON is what its envelope
   * holds before the payload that the payload converter writes. It is kept only when the envelope
   * has exactly that shape; otherwise every record of that schema goes through JsonConverter.
   */
  private byte[] firstOf(String topic, Schema schema, Object value) {
    byte[] expected = withSchemas.fromConnectData(topic, schema, value);
    byte[] payload = payloads.fromConnectData(topic, schema, value);
    int schemaEnd = expected.length - 1 - payload.length - PAYLOAD.length;
    byte[] schemaJson = new byte[0];
    if (schemaEnd > SCHEMA.length
        && Arrays.equals(expected, 0, SCHEMA.length, SCHEMA, 0, SCHEMA.length)
        && Arrays.equals(
            expected, schemaEnd, schemaEnd + PAYLOAD.length, PAYLOAD, 0, PAYLOAD.length)
        && Arrays.equals(
            expected, schemaEnd + PAYLOAD.length, expected.length - 1, payload, 0, payload.length)
        && expected[expected.length - 1] == '}') {
      schemaJson = Arrays.copyOfRange(expected, SCHEMA.length, schemaEnd);
    } else {
      LOG.warn(
          "Change events of topic {} are written by JsonConverter itself: its envelope does not"
              + " have the expected shape",
          topic);
    }
    synchronized (this) {
      if (schemas.size() >= CACHED) {
        schemas.clear();
      }
      schemas.put(schema, schemaJson);
    }
    return expected;
  }

  private static byte[] envelope(byte[] schemaJson, byte[] payload) {
    byte[] out = new byte[SCHEMA.length + schemaJson.length + PAYLOAD.length + payload.length + 1];
    int at = 0;
    System.arraycopy(SCHEMA, 0, out, at, SCHEMA.length);
    at += SCHEMA.length;
    System.arraycopy(schemaJson, 0, out, at, schemaJson.length);
    at += schemaJson.length;
    System.arraycopy(PAYLOAD, 0, out, at, PAYLOAD.length);
    at += PAYLOAD.length;
    System.arraycopy(payload, 0, out, at, payload.length);
    out[out.length - 1] = '}';
    return out;
  }

  /** Whether the schema's JSON is kept, so that its records are written without JsonConverter. */
  synchronized boolean keeps(Schema schema) {
    byte[] json = schemas.get(schema);
    return json != null && json.length > 0;
  }

  void close() {
    payloads.close();
  }
}
