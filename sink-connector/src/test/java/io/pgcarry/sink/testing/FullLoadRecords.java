package io.pgcarry.sink.testing;

import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.stream.StreamHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Full-load records as pgcarry's source connector writes them (its README has the contract), made
 * from the real {@code COPY (SELECT …) TO STDOUT} output of a source table and cut into records of
 * a few rows, the value through JsonConverter and the headers through SimpleHeaderConverter as
 * through a topic. Each topic's offsets continue where its last records ended. Not thread-safe.
 */
public final class FullLoadRecords {

  private final JsonConverter values = new JsonConverter();
  private final SimpleHeaderConverter headers = new SimpleHeaderConverter();
  private final Map<String, Long> offsets = new java.util.HashMap<>();

  public FullLoadRecords() {
    values.configure(Map.of("schemas.enable", "true"), false);
    headers.configure(Map.of());
  }

  /** The topic of a table. */
  public static String topic(String schema, String table) {
    return "pgcarry." + schema + "." + table;
  }

  /**
   * The rows of a source table as COPY records of at most {@code rowsPerRecord} rows each, followed
   * by the table's snapshot-end record.
   */
  public List<SinkRecord> table(
      Connection source,
      String schema,
      String table,
      List<String> columns,
      String snapshot,
      int rowsPerRecord)
      throws SQLException, IOException {
    byte[] data = copyOut(source, schema, table, columns);
    List<SinkRecord> records =
        new ArrayList<>(copyRecords(schema, table, columns, snapshot, data, rowsPerRecord));
    records.add(end(schema, table, snapshot, lines(data).size()));
    return records;
  }

  /** COPY records of the given COPY text, at most {@code rowsPerRecord} rows each. */
  public List<SinkRecord> copyRecords(
      String schema,
      String table,
      List<String> columns,
      String snapshot,
      byte[] copyText,
      int rowsPerRecord) {
    List<byte[]> lines = lines(copyText);
    List<List<byte[]>> chunks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i += rowsPerRecord) {
      chunks.add(lines.subList(i, Math.min(lines.size(), i + rowsPerRecord)));
    }
    List<SinkRecord> records = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      records.add(copy(schema, table, columns, snapshot, i + 1, chunks.size(), chunks.get(i)));
    }
    return records;
  }

  /** A snapshot-end record with the given total. */
  public SinkRecord end(String schema, String table, String snapshot, long rows) {
    return record(
        topic(schema, table),
        new byte[0],
        StreamHeaders.KIND,
        StreamHeaders.KIND_SNAPSHOT_END,
        StreamHeaders.SNAPSHOT,
        snapshot,
        StreamHeaders.SCHEMA,
        schema,
        StreamHeaders.TABLE,
        table,
        StreamHeaders.ROWS,
        Long.toString(rows));
  }

  private SinkRecord copy(
      String schema,
      String table,
      List<String> columns,
      String snapshot,
      int chunk,
      int chunks,
      List<byte[]> rows) {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    rows.forEach(data::writeBytes);
    String names =
        columns.stream()
            .map(c -> "\"" + c.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
            .collect(Collectors.joining(",", "[", "]"));
    return record(
        topic(schema, table),
        data.toByteArray(),
        StreamHeaders.KIND,
        StreamHeaders.KIND_COPY,
        StreamHeaders.SNAPSHOT,
        snapshot,
        StreamHeaders.SCHEMA,
        schema,
        StreamHeaders.TABLE,
        table,
        StreamHeaders.COLUMNS,
        names,
        StreamHeaders.CHUNK,
        Integer.toString(chunk),
        StreamHeaders.CHUNKS,
        Integer.toString(chunks),
        StreamHeaders.ROWS,
        Integer.toString(rows.size()));
  }

  private SinkRecord record(String topic, byte[] data, String... namesAndValues) {
    byte[] json = values.fromConnectData(topic, Schema.OPTIONAL_BYTES_SCHEMA, data);
    SchemaAndValue value = values.toConnectData(topic, json);
    ConnectHeaders converted = new ConnectHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String name = namesAndValues[i];
      byte[] bytes =
          headers.fromConnectHeader(topic, name, Schema.STRING_SCHEMA, namesAndValues[i + 1]);
      converted.add(name, headers.toConnectHeader(topic, name, bytes));
    }
    long offset = offsets.merge(topic, 1L, Long::sum) - 1;
    return new SinkRecord(
        topic, 0, null, null, value.schema(), value.value(), offset, null, null, converted);
  }

  private static byte[] copyOut(
      Connection source, String schema, String table, List<String> columns)
      throws SQLException, IOException {
    String sql =
        "COPY (SELECT "
            + columns.stream().map(Identifier::quote).collect(Collectors.joining(", "))
            + " FROM ONLY "
            + Identifier.quote(schema)
            + "."
            + Identifier.quote(table)
            + ") TO STDOUT";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CopyManager(source.unwrap(BaseConnection.class)).copyOut(sql, out);
    return out.toByteArray();
  }

  /** COPY text rows; a newline inside a value is escaped, so every raw newline ends a row. */
  private static List<byte[]> lines(byte[] data) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < data.length; i++) {
      if (data[i] == '\n') {
        lines.add(Arrays.copyOfRange(data, start, i + 1));
        start = i + 1;
      }
    }
    return lines;
  }
}
