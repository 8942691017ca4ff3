package io.pgcarry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.TableId;
import io.pgcarry.common.stream.ChunkMarker;
import io.pgcarry.common.stream.StreamHeaders;
import io.pgcarry.common.verify.KeyRange;
import io.pgcarry.common.verify.RowChecksum;
import io.pgcarry.sink.metrics.SinkTaskMetrics;
import io.pgcarry.sink.testing.DebeziumTable;
import io.pgcarry.sink.testing.RecordingContext;
import io.pgcarry.sink.testing.SourceStream;
import io.pgcarry.sink.testing.TargetDatabase;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * A chunk marker of the online verification is compared where it stands in its table's stream:
 * after every change before it, before any change after it, in the batch that carries both; once,
 * however often the source connector sends it; under the target's names.
 */
class ChunkCheckIT {

  private final SourceStream stream = new SourceStream();
  private TargetDatabase db;
  private PgcarrySinkTask task;

  @BeforeEach
  void createDatabase(TestInfo info) throws Exception {
    db = TargetDatabase.create(info.getTestMethod().orElseThrow().getName());
  }

  @AfterEach
  void stopTask() {
    if (task != null) {
      task.stop();
    }
  }

  @Test
  void comparesTheChunkAfterTheChangesBeforeItsMarkerAndOnceWhenItIsSentAgain() throws Exception {
    db.execute(
        "CREATE TABLE accounts (id int PRIMARY KEY, v text)",
        "CREATE TABLE expected (id int PRIMARY KEY, v text)",
        "INSERT INTO expected VALUES (1, 'a'), (2, 'b')");
    DebeziumTable accounts = table("public", "accounts", "id");
    KeyRange range = new KeyRange(null, 3L);
    RowChecksum.Result atMarker = checksum(new TableId("public", "expected"), "id", range);
    List<SinkRecord> batch = new ArrayList<>();
    batch.addAll(
        stream.transaction(
            accounts.create(1, "a"),
            accounts.create(2, "b"),
            accounts.create(3, "c"),
            accounts.create(4, "d")));
    SinkRecord marker = marker(accounts, marker("public", "accounts", "id", range, atMarker));
    batch.add(marker);
    batch.addAll(
        stream.transaction(
            accounts.update(new Object[] {1, "a"}, new Object[] {1, "later"}),
            accounts.create(0, "new")));
    task = db.startTask(new RecordingContext(false), accounts.topic());

    task.put(batch);

    assertThat(results())
        .containsExactly(List.of("1", "public", "accounts", "2", "2", "t", "0/FFFF"));
    assertThat(db.rows("SELECT id, v FROM accounts ORDER BY id"))
        .as("the changes after the marker are applied after the comparison")
        .containsExactly(
            List.of("0", "new"),
            List.of("1", "later"),
            List.of("2", "b"),
            List.of("3", "c"),
            List.of("4", "d"));
    String checkedAt = db.value("SELECT checked_at::text FROM pgcarry.verified_chunk");

    task.put(List.of(accounts.resend(marker)));

    assertThat(metric("ReplaysSkipped")).isEqualTo(1L);
    assertThat(
            db.value(
                "SELECT count(*) || ' ' || checked_at::text FROM pgcarry.verified_chunk"
                    + " GROUP BY checked_at"))
        .isEqualTo("1 " + checkedAt);
  }

  @Test
  void comparesARenamedTableAndRecordsADifference() throws Exception {
    db.execute(
        "CREATE SCHEMA store",
        "CREATE TABLE store.client (client_id bigint PRIMARY KEY, name text)",
        "CREATE TABLE expected (\"Id\" bigint PRIMARY KEY, full_name text)",
        "INSERT INTO expected VALUES (10, 'Ada'), (11, 'Alan')");
    DebeziumTable customer =
        DebeziumTable.table("shop", "customer")
            .key("Id", SchemaBuilder.int64(), "INT8")
            .column("full_name", SchemaBuilder.string(), "TEXT")
            .build();
    KeyRange range = new KeyRange(10L, null);
    // The source holds Alan; the target will have been changed behind the sink's back.
    RowChecksum.Result source = checksum(new TableId("public", "expected"), "Id", range);
    Map<String, String> config = db.sinkConfig("m1");
    config.put(
        "name.mapping",
        "{\"schemas\": {\"shop\": \"store\"}, \"tables\": {\"shop.customer\": {\"name\":"
            + " \"client\", \"columns\": {\"full_name\": \"name\", \"Id\": \"client_id\"}}}}");
    task = db.startTask(config, new RecordingContext(false), customer.topic());
    task.put(stream.transaction(customer.create(10L, "Ada"), customer.create(11L, "Alan")));
    db.execute("UPDATE store.client SET name = 'Grace' WHERE client_id = 11");

    task.put(
        List.of(
            marker(
                customer,
                new ChunkMarker(
                    "run-2",
                    1,
                    1,
                    new TableId("shop", "customer"),
                    List.of("Id", "full_name"),
                    "Id",
                    range,
                    source,
                    null))));

    assertThat(
            db.rows(
                "SELECT source_schema || '.' || source_table, target_schema || '.' ||"
                    + " target_table, source_rows, target_rows,"
                    + " source_checksum = target_checksum FROM pgcarry.verified_chunk"))
        .containsExactly(List.of("shop.customer", "store.client", "2", "2", "f"));
  }

  @Test
  void aRepairReplacesTheChunkByTheSourcesRowsAtItsMarkerThenCompares() throws Exception {
    DebeziumTable accounts = accountsChangedBehindTheSinksBack();

    task.put(
        List.of(
            record(
                accounts,
                withRows(accountsChunk(), ACCOUNTS_CHUNK_ROWS),
                StreamHeaders.KIND_REPAIR)));

    assertThat(db.rows("SELECT id, v FROM accounts ORDER BY id"))
        .containsExactly(
            List.of("1", "a"), List.of("2", "b"), List.of("3", "c"), List.of("9", "outside"));
    assertThat(results())
        .containsExactly(List.of("1", "public", "accounts", "3", "3", "t", "0/FFFF"));
  }

  @Test
  void anInspectionNamesTheRowsThatDifferAtItsMarkerAndChangesNothing() throws Exception {
    db.execute(
        "CREATE TABLE ledger (id int, v text)",
        "CREATE TABLE expected_ledger (id int, v text)",
        "INSERT INTO expected_ledger VALUES (7, 'x'), (7, 'x'), (8, 'y')");
    DebeziumTable ledger = table("public", "ledger", "id");
    DebeziumTable accounts = accountsChangedBehindTheSinksBack(ledger);
    // Behind the sink's back as well: a row outside the range changed; a duplicate removed from a
    // table without key.
    db.execute(
        "UPDATE accounts SET v = 'also wrong' WHERE id = 9",
        "INSERT INTO ledger VALUES (7, 'x'), (8, 'y')");
    task.put(
        List.of(record(accounts, withRows(accountsChunk(), ACCOUNTS_CHUNK_ROWS), KIND_INSPECT)));
    ChunkMarker whole =
        new ChunkMarker(
            "run-1",
            2,
            2,
            new TableId("public", "ledger"),
            List.of("id", "v"),
            null,
            KeyRange.ALL,
            checksum(new TableId("public", "expected_ledger"), null, KeyRange.ALL),
            io.pgcarry.common.Lsn.parse("0/FFFF"));
    task.put(List.of(record(ledger, withRows(whole, "7\tx\n7\tx\n8\ty\n"), KIND_INSPECT)));

    assertThat(db.rows("SELECT id, v FROM accounts ORDER BY id"))
        .as("an inspection changes nothing")
        .containsExactly(
            List.of("1", "wrong"),
            List.of("3", "c"),
            List.of("4", "extra"),
            List.of("9", "also wrong"));
    assertThat(
            db.rows(
                "SELECT chunk, array_to_string(differing_rows, ' | ') FROM"
                    + " pgcarry.verified_chunk ORDER BY chunk"))
        .containsExactly(
            List.of("1", "1 | 2 | 4"), List.of("2", "(7,x): 2 on the source, 1 on the target"));
  }

  private static final String KIND_INSPECT = StreamHeaders.KIND_INSPECT;

  /** The source's rows of {@link #accountsChunk()}, in COPY text. */
  private static final String ACCOUNTS_CHUNK_ROWS = "1\ta\n2\tb\n3\tc\n";

  /**
   * Table accounts as the sink applied it (rows 1, 2, 3 and 9), then changed behind its back inside
   * {@link #accountsChunk()}: a row changed, one deleted, one added. Table expected holds the
   * source's rows of the chunk. The task consumes accounts and {@code others}.
   */
  private DebeziumTable accountsChangedBehindTheSinksBack(DebeziumTable... others)
      throws Exception {
    db.execute(
        "CREATE TABLE accounts (id int PRIMARY KEY, v text)",
        "CREATE TABLE expected (id int PRIMARY KEY, v text)",
        "INSERT INTO expected VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    DebeziumTable accounts = table("public", "accounts", "id");
    List<String> topics = new ArrayList<>(List.of(accounts.topic()));
    for (DebeziumTable other : others) {
      topics.add(other.topic());
    }
    task = db.startTask(new RecordingContext(false), topics.toArray(String[]::new));
    task.put(
        stream.transaction(
            accounts.create(1, "a"),
            accounts.create(2, "b"),
            accounts.create(3, "c"),
            accounts.create(9, "outside")));
    db.execute(
        "UPDATE accounts SET v = 'wrong' WHERE id = 1",
        "DELETE FROM accounts WHERE id = 2",
        "INSERT INTO accounts VALUES (4, 'extra')");
    return accounts;
  }

  /** The marker of chunk 1, accounts' rows below id 5, with the count and checksum of expected. */
  private ChunkMarker accountsChunk() throws Exception {
    KeyRange range = new KeyRange(null, 5L);
    return marker(
        "public",
        "accounts",
        "id",
        range,
        checksum(new TableId("public", "expected"), "id", range));
  }

  /** An inspection's or a repair's value: the marker's JSON, a newline, the rows in COPY text. */
  private static byte[] withRows(ChunkMarker marker, String rows) {
    byte[] json = marker.toJson();
    byte[] copy = rows.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] value = java.util.Arrays.copyOf(json, json.length + 1 + copy.length);
    value[json.length] = '\n';
    System.arraycopy(copy, 0, value, json.length + 1, copy.length);
    return value;
  }

  private static DebeziumTable table(String schema, String name, String key) {
    return DebeziumTable.table(schema, name)
        .key(key, SchemaBuilder.int32(), "INT4")
        .column("v", SchemaBuilder.string(), "TEXT")
        .build();
  }

  private static ChunkMarker marker(
      String schema, String table, String key, KeyRange range, RowChecksum.Result source) {
    return new ChunkMarker(
        "run-1",
        1,
        1,
        new TableId(schema, table),
        List.of(key, "v"),
        key,
        range,
        source,
        io.pgcarry.common.Lsn.parse("0/FFFF"));
  }

  /** The marker as the source connector writes it to the table's topic, its own transaction. */
  private SinkRecord marker(DebeziumTable table, ChunkMarker marker) {
    return record(table, marker.toJson(), StreamHeaders.KIND_VERIFY);
  }

  private SinkRecord record(DebeziumTable table, byte[] value, String kind) {
    long offset = table.nextOffset();
    table.skipTo(offset + 1);
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString(StreamHeaders.KIND, kind);
    SinkRecord record =
        new SinkRecord(
            table.topic(), 0, null, null, Schema.BYTES_SCHEMA, value, offset, null, null, headers);
    return stream.ownTransaction(record);
  }

  /** The count and checksum of rows as the source computes them. */
  private RowChecksum.Result checksum(TableId table, String key, KeyRange range) throws Exception {
    try (Connection c = db.connect()) {
      RowChecksum.setTextForm(c, false);
      List<String> columns =
          db
              .rows(
                  "SELECT attname FROM pg_attribute WHERE attrelid = '"
                      + table.quoted()
                      + "'::regclass AND attnum > 0 ORDER BY attnum")
              .stream()
              .map(row -> row.get(0))
              .toList();
      return RowChecksum.compute(c, table, columns, key, range);
    }
  }

  /** Chunk, source table, rows on both sides, whether they match, and the marker's LSN. */
  private List<List<String>> results() throws Exception {
    return db.rows(
        "SELECT chunk, source_schema, source_table, source_rows, target_rows,"
            + " source_rows = target_rows AND source_checksum = target_checksum, source_lsn"
            + " FROM pgcarry.verified_chunk ORDER BY chunk");
  }

  private static Object metric(String attribute) throws Exception {
    return ManagementFactory.getPlatformMBeanServer()
        .getAttribute(SinkTaskMetrics.objectName("m1", "0"), attribute);
  }
}
