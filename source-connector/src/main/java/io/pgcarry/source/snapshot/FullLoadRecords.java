package io.pgcarry.source.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.common.Lsn;
import io.pgcarry.common.stream.StreamHeaders;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Builds the full-load records of the source connector's README: COPY text as a bytes value, and
 * the headers that say what it is. Also keeps the connector's offsets of the full load: the
 * snapshot, and whether it is complete. Immutable.
 */
public final class FullLoadRecords {

  /** Offset key: the snapshot's consistent point. */
  public static final String OFFSET_SNAPSHOT = "snapshot";

  /** Offset key: true once every table's rows were sent. */
  public static final String OFFSET_COMPLETE = "complete";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] EMPTY = new byte[0];

  private final Map<String, ?> partition;
  private final Lsn snapshot;

  /**
   * @param partition the source partition of the full load's offsets
   * @param snapshot the snapshot's consistent point
   */
  public FullLoadRecords(Map<String, ?> partition, Lsn snapshot) {
    this.partition = Collections.unmodifiableMap(new LinkedHashMap<>(partition));
    this.snapshot = snapshot;
  }

  /**
   * The source partition under which the full load keeps its offset. Its keys keep one order:
   * Connect stores an offset under the partition's serialized form, so a partition whose keys came
   * out in another order (Map.of's order changes from one JVM to the next) would not find it.
   */
  public static Map<String, String> partition(String topicPrefix) {
    Map<String, String> partition = new LinkedHashMap<>();
    partition.put("server", topicPrefix);
    partition.put("pgcarry", "full-load");
    return Collections.unmodifiableMap(partition);
  }

  /** One record of COPY rows of a chunk. */
  SourceRecord copy(Chunk chunk, ChunkReader.Payload payload) {
    ConnectHeaders headers = table(chunk.table(), StreamHeaders.KIND_COPY);
    headers.addString(StreamHeaders.COLUMNS, columns(chunk.table()));
    headers.addString(StreamHeaders.CHUNK, Integer.toString(chunk.number()));
    headers.addString(StreamHeaders.CHUNKS, Integer.toString(chunk.count()));
    headers.addString(StreamHeaders.ROWS, Integer.toString(payload.rows()));
    return record(chunk.table(), payload.bytes(), headers, false);
  }

  /**
   * The end of a table's rows.
   *
   * @param last whether it is the last record of the full load, whose offset marks it complete
   */
  SourceRecord end(SnapshotTable table, long rows, boolean last) {
    ConnectHeaders headers = table(table, StreamHeaders.KIND_SNAPSHOT_END);
    headers.addString(StreamHeaders.ROWS, Long.toString(rows));
    return record(table, EMPTY, headers, last);
  }

  private ConnectHeaders table(SnapshotTable table, String kind) {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString(StreamHeaders.KIND, kind);
    headers.addString(StreamHeaders.SNAPSHOT, snapshot.toString());
    headers.addString(StreamHeaders.SCHEMA, table.id().schema());
    headers.addString(StreamHeaders.TABLE, table.id().table());
    return headers;
  }

  private SourceRecord record(
      SnapshotTable table, byte[] value, ConnectHeaders headers, boolean complete) {
    Map<String, Object> offset =
        Map.of(OFFSET_SNAPSHOT, snapshot.toString(), OFFSET_COMPLETE, complete);
    return new SourceRecord(
        partition,
        offset,
        table.topic(),
        null,
        null,
        null,
        Schema.BYTES_SCHEMA,
        value,
        null,
        headers);
  }

  private static String columns(SnapshotTable table) {
    try {
      return JSON.writeValueAsString(table.columns());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write column names as JSON", e);
    }
  }
}
