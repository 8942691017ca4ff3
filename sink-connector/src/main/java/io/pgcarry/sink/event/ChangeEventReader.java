package io.pgcarry.sink.event;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.sink.value.UnavailableValue;
import io.pgcarry.sink.value.ValueConversionException;
import io.pgcarry.sink.value.ValueEncoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads a Debezium change event (envelope {@code before}/{@code after}/{@code source}/{@code op})
 * from a sink record, with its stream position from the {@code pgcarry.tx.*} headers when the
 * record has them. The table comes from {@code source.schema} and {@code source.table}, never from
 * the topic name. Stateless apart from its collaborators; thread-safe.
 */
public final class ChangeEventReader {

  private final ValueEncoder encoder;
  private final UnavailableValue unavailable;

  public ChangeEventReader(ValueEncoder encoder, UnavailableValue unavailable) {
    this.encoder = encoder;
    this.unavailable = unavailable;
  }

  /**
   * The change event in a record.
   *
   * @return the event, or null when the record is not a row change (a tombstone, a heartbeat, a
   *     logical decoding message, a schema change)
   * @throws ValueConversionException when the record is a change event that cannot be read, or its
   *     stream position headers are incomplete or malformed
   */
  public ChangeEvent read(SinkRecord record) {
    RecordPosition position =
        new RecordPosition(record.topic(), record.kafkaPartition(), record.kafkaOffset());
    if (record.value() instanceof Map<?, ?> map
        && map.containsKey("op")
        && map.containsKey("source")) {
      // A change event without its schema: skipping it would lose the change.
      throw new ConnectException(
          "the record at "
              + position
              + " is a change event without a schema; the sink needs Connect's JsonConverter"
              + " with value.converter.schemas.enable=true (and the same for keys)");
    }
    if (!(record.value() instanceof Struct value) || !isEnvelope(value.schema())) {
      return null;
    }
    ChangeKind kind = ChangeKind.fromOp(value.getString("op"));
    Struct source = value.getStruct("source");
    if (kind == null || source == null) {
      return null;
    }
    TableId table = new TableId(string(source, "schema"), string(source, "table"));
    List<String> keyColumns =
        record.key() instanceof Struct key
            ? key.schema().fields().stream().map(Field::name).toList()
            : List.of();
    return new ChangeEvent(
        table,
        kind,
        row(value.getStruct("before")),
        row(value.getStruct("after")),
        keyColumns,
        sourcePosition(source, record),
        position,
        kind == ChangeKind.READ && startsSnapshot(source),
        kind == ChangeKind.READ && initialSnapshot(source));
  }

  private static boolean initialSnapshot(Struct source) {
    if (source.schema().field("snapshot") == null) {
      return false;
    }
    String marker = source.getString("snapshot");
    return marker != null && !marker.equals("incremental") && !marker.equals("false");
  }

  /** Debezium marks the first row it reads of each table (the very first one as "first"). */
  private static boolean startsSnapshot(Struct source) {
    if (source.schema().field("snapshot") == null) {
      return false;
    }
    String marker = source.getString("snapshot");
    return "first".equals(marker) || "first_in_data_collection".equals(marker);
  }

  private static boolean isEnvelope(Schema schema) {
    return schema.field("op") != null
        && schema.field("source") != null
        && schema.field("before") != null
        && schema.field("after") != null;
  }

  private Row row(Struct image) {
    if (image == null) {
      return null;
    }
    Map<String, Cell> cells = new LinkedHashMap<>();
    for (Field field : image.schema().fields()) {
      Object value = image.get(field);
      if (value != null && unavailable.matches(value)) {
        cells.put(field.name(), Cell.unchangedToast());
      } else {
        try {
          cells.put(field.name(), Cell.of(encoder.encode(field.schema(), value)));
        } catch (ValueConversionException | ClassCastException | ArithmeticException e) {
          throw new ValueConversionException(
              "cannot convert column " + field.name() + ": " + e.getMessage(), e);
        }
      }
    }
    return new Row(cells);
  }

  /** The change's place on the source: from the envelope, and its stream position headers. */
  private static SourcePosition sourcePosition(Struct source, SinkRecord record) {
    return new SourcePosition(
        number(source, "lsn") == null ? null : new Lsn(number(source, "lsn")),
        number(source, "ts_ms"),
        number(source, "txId"),
        RecordHeaders.changePosition(record),
        RecordHeaders.transactionEnd(record));
  }

  private static Long number(Struct source, String field) {
    return source.schema().field(field) != null && source.get(field) instanceof Number n
        ? n.longValue()
        : null;
  }

  private static String string(Struct struct, String field) {
    if (struct.schema().field(field) == null || struct.getString(field) == null) {
      throw new ValueConversionException("change event has no source." + field);
    }
    return struct.getString(field);
  }
}
