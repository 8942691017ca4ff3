package io.pgcarry.sink.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.common.stream.ChangePosition;
import io.pgcarry.common.stream.StreamHeaders;
import io.pgcarry.sink.value.ValueConversionException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads the DDL records of pgcarry's source connector ({@code pgcarry.kind = ddl}): the command's
 * JSON as the value, its stream position in the headers. Stateless; thread-safe.
 */
public final class SchemaChangeReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whether a record is a captured DDL command. */
  public static boolean isSchemaChange(SinkRecord record) {
    return StreamHeaders.KIND_DDL.equals(RecordHeaders.text(record, StreamHeaders.KIND));
  }

  /**
   * @throws ValueConversionException when the record lacks its stream position or its JSON
   */
  public SchemaChange read(SinkRecord record) {
    RecordPosition position =
        new RecordPosition(record.topic(), record.kafkaPartition(), record.kafkaOffset());
    ChangePosition stream = RecordHeaders.changePosition(record);
    if (stream == null) {
      throw new ValueConversionException("a DDL record carries no stream position");
    }
    JsonNode command = parse(record.value());
    long lsn = command.path("lsn").asLong(0);
    if (lsn < 1 || !command.hasNonNull("tag")) {
      throw new ValueConversionException("a DDL record has no tag or no lsn");
    }
    List<String> topics = new ArrayList<>();
    command.path("topics").forEach(t -> topics.add(t.asText()));
    return new SchemaChange(
        new ChangePosition(stream.after(), stream.first(), lsn),
        command.path("tag").asText(),
        command.path("query").asText(""),
        command.path("ordinal").asInt(1),
        command.hasNonNull("statement")
            ? Optional.of(command.get("statement").asText())
            : Optional.empty(),
        command.path("search_path").asText(""),
        objects(command),
        topics,
        position);
  }

  private static List<SchemaChange.ObjectRef> objects(JsonNode command) {
    List<SchemaChange.ObjectRef> objects = new ArrayList<>();
    for (String field : List.of("objects", "dropped")) {
      for (JsonNode o : command.path(field)) {
        List<SchemaChange.MissingValue> missing = new ArrayList<>();
        for (JsonNode m : o.path("missing")) {
          missing.add(
              new SchemaChange.MissingValue(
                  m.path("column").asText(), m.path("type").asText(), m.path("value").asText()));
        }
        objects.add(
            new SchemaChange.ObjectRef(
                o.path("type").asText(),
                o.hasNonNull("schema") ? o.get("schema").asText() : null,
                o.hasNonNull("table") ? o.get("table").asText() : null,
                o.path("identity").asText(),
                missing));
      }
    }
    return objects;
  }

  private static JsonNode parse(Object value) {
    byte[] bytes = RecordBytes.of(value, "the value of a DDL record", "the bytes of its JSON");
    try {
      JsonNode command = JSON.readTree(bytes);
      if (command != null && command.has("schema") && command.path("payload").isTextual()) {
        // Written by JsonConverter rather than as its bytes: the bytes are the payload, in base64.
        return JSON.readTree(command.get("payload").binaryValue());
      }
      return command;
    } catch (IOException e) {
      throw new ValueConversionException("the value of a DDL record is not JSON");
    }
  }
}
