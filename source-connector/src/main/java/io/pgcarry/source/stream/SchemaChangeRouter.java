package io.pgcarry.source.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.common.stream.ChunkMarker;
import io.pgcarry.common.stream.SchemaChanges;
import io.pgcarry.common.stream.StreamHeaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns pgcarry's logical messages ({@link SchemaChanges}) into records of the change topics, where
 * the sink meets them in each table's order:
 *
 * <ul>
 *   <li>a chunk marker of the online verification ({@link ChunkMarker}), with the chunk's rows when
 *       it repairs the chunk, goes to its table's topic, with the message's LSN added, so that the
 *       sink replaces and compares the chunk where the table stands exactly as it stood on the
 *       source when the marker was emitted;
 *   <li>a DDL command goes to every change topic of the migration: the topics of the tables
 *       published before the command and after it (a dropped or renamed table's old topic
 *       included), so that the sink applies it where every table stands exactly at the command;
 *   <li>rows of a table that joins the stream go to that table's topic as full-load records of a
 *       snapshot of their own, which the sink loads before the table's next change.
 * </ul>
 *
 * The event trigger's messages are routed only when the migration captures DDL; other records pass
 * unchanged. Runs before {@link ChangeStamper}, which gives the records their stream positions. Not
 * thread-safe: the task thread's.
 */
final class SchemaChangeRouter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String ddlPrefix;
  private final String rowsPrefix;
  private final String rowsEndPrefix;
  private final String verifyPrefix;
  private final String repairPrefix;
  private final String inspectPrefix;
  private final boolean capturesDdl;
  private final Function<TableId, String> topics;
  private Set<TableId> published;

  /**
   * @param migration the migration whose messages are routed (others pass unchanged)
   * @param topics the change topic of each table
   * @param published the tables the publication holds when streaming starts, or null when the
   *     migration does not capture DDL (the event trigger's messages then pass unchanged)
   */
  SchemaChangeRouter(String migration, Function<TableId, String> topics, Set<TableId> published) {
    this.ddlPrefix = SchemaChanges.ddlPrefix(migration);
    this.rowsPrefix = SchemaChanges.rowsPrefix(migration);
    this.rowsEndPrefix = SchemaChanges.rowsEndPrefix(migration);
    this.verifyPrefix = SchemaChanges.verifyPrefix(migration);
    this.repairPrefix = SchemaChanges.repairPrefix(migration);
    this.inspectPrefix = SchemaChanges.inspectPrefix(migration);
    this.capturesDdl = published != null;
    this.topics = topics;
    this.published = capturesDdl ? new LinkedHashSet<>(published) : new LinkedHashSet<>();
  }

  List<SourceRecord> route(List<SourceRecord> records) {
    List<SourceRecord> out = null;
    for (int i = 0; i < records.size(); i++) {
      SourceRecord record = records.get(i);
      Struct message = message(record);
      String prefix = message == null ? null : message.getString("prefix");
      if (!routed(prefix)) {
        if (out != null) {
          out.add(record);
        }
        continue;
      }
      if (out == null) {
        out = new ArrayList<>(records.subList(0, i));
      }
      byte[] content = bytes(message.get("content"));
      if (prefix.equals(verifyPrefix)) {
        out.add(chunkMarker(record, content, StreamHeaders.KIND_VERIFY));
      } else if (prefix.equals(repairPrefix)) {
        out.add(chunkMarker(record, content, StreamHeaders.KIND_REPAIR));
      } else if (prefix.equals(inspectPrefix)) {
        out.add(chunkMarker(record, content, StreamHeaders.KIND_INSPECT));
      } else if (prefix.equals(ddlPrefix)) {
        out.addAll(ddl(record, content));
      } else if (prefix.equals(rowsPrefix)) {
        out.add(rows(record, content));
      } else {
        out.add(rowsEnd(record, content));
      }
    }
    return out == null ? records : out;
  }

  /** Whether a message of this prefix is routed. */
  private boolean routed(String prefix) {
    if (prefix == null) {
      return false;
    }
    return prefix.equals(verifyPrefix)
        || prefix.equals(repairPrefix)
        || prefix.equals(inspectPrefix)
        || (capturesDdl
            && (prefix.equals(ddlPrefix)
                || prefix.equals(rowsPrefix)
                || prefix.equals(rowsEndPrefix)));
  }

  /**
   * A chunk marker of a kind ({@link StreamHeaders#KIND_VERIFY}, {@link StreamHeaders#KIND_REPAIR}
   * or {@link StreamHeaders#KIND_INSPECT}), to its table's topic alone, completed with the
   * message's LSN; but for a plain marker, the marker's JSON is the content's first line and the
   * chunk's COPY text follows it.
   */
  private SourceRecord chunkMarker(SourceRecord record, byte[] content, String kind) {
    boolean rows = !kind.equals(StreamHeaders.KIND_VERIFY);
    int newline = rows ? indexOf(content, (byte) '\n') : content.length;
    if (newline < 0) {
      throw new ConnectException("a repair message of the online verification has no marker line");
    }
    ChunkMarker marker;
    try {
      marker = ChunkMarker.parse(Arrays.copyOf(content, newline));
    } catch (IllegalArgumentException e) {
      throw new ConnectException(
          "a chunk marker of the online verification cannot be read: " + e.getMessage(), e);
    }
    Long lsn = messageLsn(record);
    if (lsn != null) {
      marker = marker.at(new Lsn(lsn));
    }
    byte[] json = marker.toJson();
    byte[] value = json;
    if (rows) {
      value = Arrays.copyOf(json, json.length + content.length - newline);
      System.arraycopy(content, newline, value, json.length, content.length - newline);
    }
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString(StreamHeaders.KIND, kind);
    headers.addString(StreamHeaders.SCHEMA, marker.table().schema());
    headers.addString(StreamHeaders.TABLE, marker.table().table());
    return copy(record, topics.apply(marker.table()), value, headers);
  }

  /** The LSN of a logical message, from Debezium's offset, or null. */
  private static Long messageLsn(SourceRecord record) {
    Object lsn = record.sourceOffset() == null ? null : record.sourceOffset().get("lsn");
    return lsn instanceof Number n ? n.longValue() : null;
  }

  private List<SourceRecord> ddl(SourceRecord record, byte[] content) {
    ObjectNode command = (ObjectNode) parse(content);
    Set<TableId> now = new LinkedHashSet<>();
    command.path("published").forEach(t -> now.add(table(t)));
    Set<TableId> reached = new LinkedHashSet<>(published);
    reached.addAll(now);
    published = now;
    Set<String> targets = new LinkedHashSet<>();
    reached.forEach(t -> targets.add(topics.apply(t)));
    ArrayNode list = command.putArray("topics");
    targets.forEach(list::add);
    Long lsn = messageLsn(record);
    if (lsn != null) {
      command.put("lsn", lsn);
    }
    byte[] value = write(command);
    List<SourceRecord> copies = new ArrayList<>(targets.size());
    for (String topic : targets) {
      ConnectHeaders headers = new ConnectHeaders();
      headers.addString(StreamHeaders.KIND, StreamHeaders.KIND_DDL);
      copies.add(copy(record, topic, value, headers));
    }
    return copies;
  }

  private SourceRecord rows(SourceRecord record, byte[] content) {
    int newline = indexOf(content, (byte) '\n');
    if (newline < 0) {
      throw new ConnectException("a rows message of the event trigger has no header line");
    }
    JsonNode header = parse(Arrays.copyOf(content, newline));
    TableId table = new TableId(header.path("schema").asText(), header.path("table").asText());
    ConnectHeaders headers = tableHeaders(header, table, StreamHeaders.KIND_COPY);
    headers.addString(StreamHeaders.COLUMNS, header.path("columns").toString());
    headers.addString(StreamHeaders.CHUNK, header.path("chunk").asText());
    headers.addString(StreamHeaders.CHUNKS, "0");
    headers.addString(StreamHeaders.ROWS, header.path("rows").asText());
    byte[] data = Arrays.copyOfRange(content, newline + 1, content.length);
    return copy(record, topics.apply(table), data, headers);
  }

  private SourceRecord rowsEnd(SourceRecord record, byte[] content) {
    JsonNode end = parse(content);
    TableId table = new TableId(end.path("schema").asText(), end.path("table").asText());
    ConnectHeaders headers = tableHeaders(end, table, StreamHeaders.KIND_SNAPSHOT_END);
    headers.addString(StreamHeaders.ROWS, end.path("rows").asText());
    return copy(record, topics.apply(table), new byte[0], headers);
  }

  private static ConnectHeaders tableHeaders(JsonNode node, TableId table, String kind) {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString(StreamHeaders.KIND, kind);
    headers.addString(StreamHeaders.SNAPSHOT, node.path("snapshot").asText());
    headers.addString(StreamHeaders.SCHEMA, table.schema());
    headers.addString(StreamHeaders.TABLE, table.table());
    return headers;
  }

  private static SourceRecord copy(
      SourceRecord record, String topic, byte[] value, ConnectHeaders headers) {
    return new SourceRecord(
        record.sourcePartition(),
        record.sourceOffset(),
        topic,
        null,
        null,
        null,
        Schema.BYTES_SCHEMA,
        value,
        record.timestamp(),
        headers);
  }

  /** The {@code message} of Debezium's logical decoding message record, or null. */
  private static Struct message(SourceRecord record) {
    if (!(record.value() instanceof Struct value)
        || value.schema().field("message") == null
        || value.schema().field("op") == null) {
      return null;
    }
    Object message = value.get("message");
    return message instanceof Struct struct && struct.schema().field("prefix") != null
        ? struct
        : null;
  }

  private static TableId table(JsonNode pair) {
    return new TableId(pair.path(0).asText(), pair.path(1).asText());
  }

  private static byte[] bytes(Object content) {
    if (content instanceof byte[] bytes) {
      return bytes;
    }
    if (content instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return bytes;
    }
    if (content instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    throw new ConnectException(
        "the content of a logical message is "
            + (content == null ? "null" : "a " + content.getClass().getName())
            + "; the source connector needs binary.handling.mode=bytes");
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static JsonNode parse(byte[] content) {
    try {
      return JSON.readTree(content);
    } catch (IOException e) {
      throw new ConnectException(
          "a message of pgcarry's event trigger is not JSON: " + e.getMessage(), e);
    }
  }

  private static byte[] write(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** For tests and logs: the tables the router takes as published. */
  Set<TableId> published() {
    return Set.copyOf(published);
  }
}
