package io.pgcarry.common.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.common.verify.KeyRange;
import io.pgcarry.common.verify.RowChecksum;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One chunk of the online verification as the source saw it: a range of one table's rows, their
 * count and checksum ({@link RowChecksum}) computed on the source in the transaction that emitted
 * this marker as a transactional logical message ({@link SchemaChanges#verifyPrefix}). The table
 * was held in {@code SHARE} mode from before the count to the commit, so the count and checksum are
 * those of the table's state at the marker's place in the change stream. The one owner of the
 * marker's JSON, which the online verification writes, the source connector completes with the
 * message's LSN, and the sink reads:
 *
 * <pre>{@code
 * {"run": "20261202T163000Z-4f2a", "chunk": 3, "chunks": 10, "schema": "public", "table": "t",
 *  "columns": ["id", "a", "b"], "key": "id", "from": 2001, "to": 3001,
 *  "rows": 1000, "checksum": "4611686018427387904", "lsn": "0/16B3F20"}
 * }</pre>
 *
 * Names are the source's; {@code key}, {@code from} and {@code to} are null for a table compared
 * whole; {@code lsn} is absent until the source connector adds it. Immutable.
 *
 * @param run the verification run that emitted it
 * @param chunk the chunk's number within the run, from 1
 * @param chunks how many chunks the run has
 * @param table the source table
 * @param columns the compared columns, source names, in the source's order
 * @param key the integer key column the range is of, or null for the whole table
 * @param range the rows compared
 * @param source the count and checksum on the source
 * @param lsn the message's LSN on the source, or null before the source connector added it
 */
public record ChunkMarker(
    String run,
    int chunk,
    int chunks,
    TableId table,
    List<String> columns,
    String key,
    KeyRange range,
    RowChecksum.Result source,
    Lsn lsn) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public ChunkMarker {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(source, "source");
    columns = List.copyOf(columns);
    if (chunk < 1 || chunk > chunks) {
      throw new IllegalArgumentException("chunk " + chunk + " of " + chunks);
    }
    if (key == null && !range.whole()) {
      throw new IllegalArgumentException("a key range of " + table + " without its key column");
    }
  }

  /** The same marker at the message's LSN. */
  public ChunkMarker at(Lsn messageLsn) {
    return new ChunkMarker(run, chunk, chunks, table, columns, key, range, source, messageLsn);
  }

  /** For people: {@code public.t id in [2001, 3001)}, or {@code public.t (the whole table)}. */
  public String describe() {
    return table + (range.whole() ? " (the whole table)" : " " + range.describe(key));
  }

  /** The marker's JSON, UTF-8. */
  public byte[] toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("run", run);
    node.put("chunk", chunk);
    node.put("chunks", chunks);
    node.put("schema", table.schema());
    node.put("table", table.table());
    ArrayNode list = node.putArray("columns");
    columns.forEach(list::add);
    node.put("key", key);
    node.put("from", range.from());
    node.put("to", range.to());
    node.put("rows", source.rows());
    node.put("checksum", source.checksum());
    if (lsn != null) {
      node.put("lsn", lsn.toString());
    }
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Where the marker line of a message that carries rows after it (a repair, an inspection) ends:
   * at its first line break; -1 when it has none.
   */
  public static int lineEnd(byte[] message) {
    for (int i = 0; i < message.length; i++) {
      if (message[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * Reads a marker's JSON.
   *
   * @throws IllegalArgumentException when it is not a marker's JSON
   */
  public static ChunkMarker parse(byte[] json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("a chunk marker is not JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("a chunk marker is not a JSON object");
    }
    List<String> columns = new ArrayList<>();
    node.path("columns").forEach(c -> columns.add(c.asText()));
    return new ChunkMarker(
        required(node, "run").asText(),
        required(node, "chunk").asInt(),
        required(node, "chunks").asInt(),
        new TableId(required(node, "schema").asText(), required(node, "table").asText()),
        columns,
        text(node, "key"),
        new KeyRange(number(node, "from"), number(node, "to")),
        new RowChecksum.Result(
            required(node, "rows").asLong(), required(node, "checksum").asText()),
        node.hasNonNull("lsn") ? Lsn.parse(node.get("lsn").asText()) : null);
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("a chunk marker has no " + field);
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  private static Long number(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asLong() : null;
  }
}
