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
 * The key and value converter of a migration's change topics: change events are {@link
 * JsonConverter}'s JSON with schemas, byte for byte; a full-load record, a DDL command or a chunk
 * marker (header {@code pgcarry.kind}) is its bytes as they are: COPY text, the command's or the
 * marker's JSON. JsonConverter would write those bytes as base64 inside a JSON envelope and the
 * sink would decode them again: measured, that was the larger part of the worker's CPU during a
 * full load ({@code pgcarry bench}).
 *
 * <p>Change events are written by {@link EnvelopeWriter}, which keeps each schema's JSON rather
 * than serializing it for every record and writes the payload without JsonConverter's tree; the
 * bytes are JsonConverter's. pgcarry's sink reads the bytes itself; this converter reads change
 * events as JsonConverter does, for other consumers.
 *
 * <p>Configured like JsonConverter (its settings pass through). The headers tell the two kinds
 * apart, so records written by this converter and by JsonConverter differ only for full-load
 * records. Thread-safe as JsonConverter is.
 */
public class ChangeTopicConverter implements Converter {

  private final JsonConverter json = new JsonConverter();
  private EnvelopeWriter envelopes;

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    json.configure(configs, isKey);
    Object schemas = configs.get("schemas.enable");
    envelopes =
        schemas == null || !"false".equalsIgnoreCase(schemas.toString().trim())
            ? new EnvelopeWriter(json, configs, isKey)
            : null;
  }

  @Override
  public byte[] fromConnectData(String topic, Schema schema, Object value) {
    return envelopes == null
        ? json.fromConnectData(topic, schema, value)
        : envelopes.write(topic, schema, value);
  }

  @Override
  public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
    if (!isRaw(headers)) {
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
        "a full-load, DDL or chunk marker record of topic "
            + topic
            + " holds a "
            + value.getClass().getName()
            + ", not bytes");
  }

  @Override
  public SchemaAndValue toConnectData(String topic, byte[] value) {
    return json.toConnectData(topic, value);
  }

  @Override
  public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
    if (!isRaw(headers)) {
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
  }

  /**
   * Whether the headers are those of a record written as its bytes: {@code copy}, {@code
   * snapshot-end}, {@code ddl}, {@code verify}, {@code repair} or {@code inspect}.
   */
  static boolean isRaw(Headers headers) {
    if (headers == null) {
      return false;
    }
    Header kind = headers.lastHeader(StreamHeaders.KIND);
    if (kind == null || kind.value() == null) {
      return false;
    }
    String text = new String(kind.value(), StandardCharsets.UTF_8);
    return StreamHeaders.KIND_COPY.equals(text)
        || StreamHeaders.KIND_SNAPSHOT_END.equals(text)
        || StreamHeaders.KIND_DDL.equals(text)
        || StreamHeaders.KIND_VERIFY.equals(text)
        || StreamHeaders.KIND_REPAIR.equals(text)
        || StreamHeaders.KIND_INSPECT.equals(text);
  }
}
