package io.pgcarry.topics;

import io.pgcarry.common.stream.StreamHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;

/**
 * The value converter of a migration's change topics, for both connectors: change events are {@link
 * JsonConverter}'s JSON with schemas, unchanged; a full-load record (header {@code pgcarry.kind})
 * is its COPY text as it is, the record's raw bytes. JsonConverter would write those bytes as
 * base64 inside a JSON envelope and the sink would decode them again: measured, that was the larger
 * part of the worker's CPU during a full load ({@code pgcarry bench}).
 *
 * <p>Change events are written by {@link EnvelopeWriter}, which keeps each schema's JSON rather
 * than serializing it for every record, and read by {@link EnvelopeReader}, which parses each
 * schema once; the bytes and the Connect data are JsonConverter's.
 *
 * <p>Configured like JsonConverter (its settings pass through). The headers tell the two kinds
 * apart, so records written by this converter and by JsonConverter differ only for full-load
 * records. Thread-safe as JsonConverter is.
 */
public class ChangeTopicConverter implements Converter {

  private final JsonConverter json = new JsonConverter();
  private EnvelopeWriter envelopes;
  private EnvelopeReader reader;

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    json.configure(configs, isKey);
    Object schemas = configs.get("schemas.enable");
    envelopes =
        schemas == null || !"false".equalsIgnoreCase(schemas.toString().trim())
            ? new EnvelopeWriter(json, configs, isKey)
            : null;
    reader = envelopes == null ? null : new EnvelopeReader(json, configs, isKey);
  }

  @Override
  public byte[] fromConnectData(String topic, Schema schema, Object value) {
    return envelopes == null
        ? json.fromConnectData(topic, schema, value)
        : envelopes.write(topic, schema, value);
  }

  @Override
  public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
    if (!isFullLoad(headers)) {
      return fromConnectData(topic, schema, value);
    }
    if (value == null || value instanceof byte[]) {
      return (byte[]) value;
    }
    if (value instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return bytes;
    }
    throw new DataException(
        "a full-load record of topic "
            + topic
            + " holds a "
            + value.getClass().getName()
            + ", not the bytes of COPY text");
  }

  @Override
  public SchemaAndValue toConnectData(String topic, byte[] value) {
    return reader == null ? json.toConnectData(topic, value) : reader.read(topic, value);
  }

  @Override
  public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
    if (!isFullLoad(headers)) {
      return toConnectData(topic, value);
    }
    return new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, value);
  }

  @Override
  public ConfigDef config() {
    return json.config();
  }

  @Override
  public void close() {
    json.close();
    if (envelopes != null) {
      envelopes.close();
      reader.close();
    }
  }

  /** Whether the headers are a full-load record's: {@code copy} or {@code snapshot-end}. */
  static boolean isFullLoad(Headers headers) {
    if (headers == null) {
      return false;
    }
    Header kind = headers.lastHeader(StreamHeaders.KIND);
    if (kind == null || kind.value() == null) {
      return false;
    }
    String text = new String(kind.value(), StandardCharsets.UTF_8);
    return StreamHeaders.KIND_COPY.equals(text) || StreamHeaders.KIND_SNAPSHOT_END.equals(text);
  }
}
