package io.pgcarry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.sink.testing.DebeziumTable;
import io.pgcarry.sink.testing.RecordingContext;
import io.pgcarry.sink.testing.SourceStream;
import io.pgcarry.sink.testing.TargetDatabase;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The sink task against a real target: ordering, keys and positions. */
class SinkTaskIT {

  private TargetDatabase db;
  private RecordingContext context;
  private PgcarrySinkTask task;

  private final DebeziumTable items =
      DebeziumTable.table("public", "items")
          .key("id", SchemaBuilder.int32(), "INT4")
          .column("name", SchemaBuilder.string(), "TEXT")
          .build();

  @BeforeEach
  void createDatabase(TestInfo info) throws Exception {
    db = TargetDatabase.create(info.getTestMethod().orElseThrow().getName());
    db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
    context = new RecordingContext(false);
  }

  @AfterEach
  void stopTask() {
    if (task != null) {
      task.stop();
    }
  }

  @Test
  void upsertsAndDeletesByPrimaryKeyAndReportsAppliedOffsets() throws Exception {
    task = db.startTask(context, items.topic());

    task.put(
        List.of(
            items.read(1, "one"),
            items.create(2, "two"),
            items.create(3, "three"),
            items.update(new Object[] {2, "two"}, new Object[] {2, "TWO"}),
            items.delete(3, null)));

    assertThat(db.rows("SELECT id, name FROM items ORDER BY id"))
        .containsExactly(List.of("1", "one"), List.of("2", "TWO"));
    TopicPartition tp = new TopicPartition(items.topic(), 0);
    Map<TopicPartition, OffsetAndMetadata> committed =
        task.preCommit(Map.of(tp, new OffsetAndMetadata(5)));
    assertThat(committed).containsEntry(tp, new OffsetAndMetadata(5));
    assertThat(
            db.rows(
                "SELECT migration, topic, partition, next_offset FROM pgcarry.applied_position"))
        .containsExactly(List.of("m1", items.topic(), "0", "5"));
  }

  @Test
  void copiesSnapshotRowsAndUpsertsThemWhenTheyAreAlreadyThere() throws Exception {
    db.execute("INSERT INTO items VALUES (2, 'stale')");
    task = db.startTask(context, items.topic());

    task.put(List.of(items.read(1, "tab\there, back\\slash\nnewline"), items.read(2, null)));

    assertThat(db.rows("SELECT id, coalesce(name, 'NULL') FROM items ORDER BY id"))
        .containsExactly(List.of("1", "tab\there, back\\slash\nnewline"), List.of("2", "NULL"));
  }

  @Test
  void appliesDeleteThenReinsertOfTheSameKeyInArrivalOrder() throws Exception {
    db.execute("INSERT INTO items VALUES (1, 'old')");
    task = db.startTask(context, items.topic());

    task.put(
        List.of(
            items.delete(1, "old"),
            items.create(1, "new"),
            items.update(new Object[] {1, "new"}, new Object[] {1, "newer"}),
            items.delete(1, "newer"),
            items.create(1, "newest")));

    assertThat(db.rows("SELECT id, name FROM items")).containsExactly(List.of("1", "newest"));
  }

  @Test
  void movesRowWhenPrimaryKeyChangesInAnUpdate() throws Exception {
    db.execute("INSERT INTO items VALUES (1, 'a'), (2, 'b')");
    task = db.startTask(context, items.topic());

    task.put(
        List.of(
            items.update(new Object[] {1, "a"}, new Object[] {10, "a"}),
            // Debezium's form of a key change: delete of the old key, create of the new one.
            items.delete(2, "b"),
            items.tombstone(2),
            items.create(20, "b")));

    assertThat(db.rows("SELECT id, name FROM items ORDER BY id"))
        .containsExactly(List.of("10", "a"), List.of("20", "b"));
  }

  @Test
  void truncatesTableAndAppliesLaterInserts() throws Exception {
    db.execute("INSERT INTO items SELECT g, 'x' FROM generate_series(1, 100) g");
    task = db.startTask(context, items.topic());

    task.put(List.of(items.create(101, "y"), items.truncate(), items.create(1, "z")));

    assertThat(db.rows("SELECT id, name FROM items")).containsExactly(List.of("1", "z"));
  }

  @Test
  void truncatesATableThatAnotherTableReferencesWithoutTouchingTheOther() throws Exception {
    db.execute(
        "INSERT INTO items VALUES (1, 'a')",
        "CREATE TABLE parts (id int PRIMARY KEY, item int REFERENCES items)",
        "INSERT INTO parts VALUES (7, 1)");
    task = db.startTask(context, items.topic());

    task.put(List.of(items.truncate(), items.create(2, "b")));

    assertThat(db.rows("SELECT id FROM items")).containsExactly(List.of("2"));
    assertThat(db.count("parts")).isEqualTo(1);
  }

  @Test
  void skipsTombstonesAndNonChangeRecordsButAdvancesThePosition() throws Exception {
    task = db.startTask(context, items.topic(), "__debezium-heartbeat.pgcarry");
    org.apache.kafka.connect.data.Schema heartbeat =
        SchemaBuilder.struct()
            .name("io.debezium.connector.common.Heartbeat")
            .field("ts_ms", org.apache.kafka.connect.data.Schema.INT64_SCHEMA)
            .build();
    SinkRecord beat =
        new SinkRecord(
            "__debezium-heartbeat.pgcarry",
            0,
            null,
            null,
            heartbeat,
            new org.apache.kafka.connect.data.Struct(heartbeat).put("ts_ms", 1L),
            41);

    task.put(List.of(items.create(1, "a"), items.tombstone(1), beat));

    assertThat(db.count("items")).isEqualTo(1);
    assertThat(db.rows("SELECT topic, next_offset FROM pgcarry.applied_position ORDER BY topic"))
        .containsExactly(
            List.of("__debezium-heartbeat.pgcarry", "42"), List.of(items.topic(), "2"));
  }

  @Test
  void rewindsToStoredPositionAfterRestart() throws Exception {
    Map<String, String> config = db.sinkConfig("m1");
    task = db.startTask(config, context, items.topic());
    List<SinkRecord> first = List.of(items.create(1, "a"), items.create(2, "b"));
    task.put(first);
    // The worker dies before Kafka's offsets are committed: nothing calls preCommit.
    task.stop();

    RecordingContext restarted = new RecordingContext(false);
    task = db.startTask(config, restarted, items.topic());
    assertThat(restarted.offsets).containsEntry(new TopicPartition(items.topic(), 0), 2L);
    // Kafka redelivers from its own older offset; already applied records must not apply twice.
    task.put(first);
    task.put(List.of(items.update(new Object[] {1, "a"}, new Object[] {1, "c"})));

    assertThat(db.rows("SELECT id, name FROM items ORDER BY id"))
        .containsExactly(List.of("1", "c"), List.of("2", "b"));
    assertThat(db.value("SELECT next_offset FROM pgcarry.applied_position")).isEqualTo("3");
  }

  @Test
  void skipsChangesTheSourceConnectorSendsAgainAfterACrash() throws Exception {
    db.execute("CREATE TABLE log (line text)");
    db.execute("ALTER TABLE log REPLICA IDENTITY FULL");
    DebeziumTable log =
        DebeziumTable.table("public", "log").column("line", SchemaBuilder.string(), "TEXT").build();
    SourceStream stream = new SourceStream();
    Map<String, String> config = db.sinkConfig("m1");
    task = db.startTask(config, context, log.topic());
    List<SinkRecord> inserts = stream.transaction(log.create("same"), log.create("same"));
    List<SinkRecord> delete = stream.transaction(log.delete("same"));
    task.put(concat(inserts, delete));
    task.stop();

    // The source connector crashed before committing its offsets and sends the tail again, at new
    // Kafka offsets, followed by a change it had not sent before.
    task = db.startTask(config, new RecordingContext(false), log.topic());
    task.put(concat(List.of(log.resend(delete.get(0))), stream.transaction(log.create("new"))));

    assertThat(db.rows("SELECT line FROM log ORDER BY line"))
        .containsExactly(List.of("new"), List.of("same"));
  }

  private static List<SinkRecord> concat(List<SinkRecord> a, List<SinkRecord> b) {
    List<SinkRecord> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void keepsPositionsOfMigrationsApart() throws Exception {
    task = db.startTask(db.sinkConfig("m1"), context, items.topic());
    task.put(List.of(items.create(1, "a")));
    task.stop();
    RecordingContext other = new RecordingContext(false);
    task = db.startTask(db.sinkConfig("m2"), other, items.topic());

    assertThat(other.offsets).isEmpty();
  }

  @Test
  void rollsBackTheWholeBatchAndStopsWithContextWhenAStatementFails() throws Exception {
    db.execute("ALTER TABLE items ADD CONSTRAINT short_name CHECK (length(name) < 5)");
    task = db.startTask(context, items.topic());
    task.put(List.of(items.create(1, "ok")));

    assertThatThrownBy(
            () -> task.put(List.of(items.create(2, "fine"), items.create(3, "secret-value"))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("public.items")
        .hasMessageContaining("UPSERT")
        .hasMessageContaining("topic " + items.topic() + ", partition 0, offsets 1–2")
        .hasMessageContaining("23514")
        .hasMessageNotContaining("secret-value");
    assertThat(db.count("items")).isEqualTo(1);
    assertThat(db.value("SELECT next_offset FROM pgcarry.applied_position")).isEqualTo("1");
  }

  @Test
  void stopsOnChangeEventsWithoutSchemaInsteadOfSkippingThem() throws Exception {
    task = db.startTask(context, items.topic());
    SinkRecord schemaless =
        new SinkRecord(
            items.topic(),
            0,
            null,
            null,
            null,
            Map.of("op", "c", "source", Map.of(), "after", Map.of("id", 1)),
            0);

    assertThatThrownBy(() -> task.put(List.of(schemaless)))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("value.converter.schemas.enable=true");
    assertThat(db.count("items")).isZero();
  }

  @Test
  void picksUpColumnsAddedToTheTargetWhileRunning() throws Exception {
    task = db.startTask(context, items.topic());
    task.put(List.of(items.create(1, "a")));
    db.execute("ALTER TABLE items ADD COLUMN color text");
    DebeziumTable withColor =
        DebeziumTable.table("public", "items")
            .key("id", SchemaBuilder.int32(), "INT4")
            .column("name", SchemaBuilder.string(), "TEXT")
            .column("color", SchemaBuilder.string(), "TEXT")
            .build();
    withColor.skipTo(items.nextOffset());

    task.put(List.of(withColor.create(2, "b", "red")));

    assertThat(db.rows("SELECT id, coalesce(color, '-') FROM items ORDER BY id"))
        .containsExactly(List.of("1", "-"), List.of("2", "red"));
  }

  @Test
  void doesNotFireTargetTriggersOrForeignKeys() throws Exception {
    db.execute(
        "CREATE TABLE audit (n int)",
        "CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$BEGIN INSERT INTO audit VALUES (1); RETURN NEW; END$$",
        "CREATE TRIGGER items_audit BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION audit()",
        "CREATE TABLE owners (id int PRIMARY KEY)",
        "ALTER TABLE items ADD COLUMN owner int REFERENCES owners");
    DebeziumTable withOwner =
        DebeziumTable.table("public", "items")
            .key("id", SchemaBuilder.int32(), "INT4")
            .column("name", SchemaBuilder.string(), "TEXT")
            .column("owner", SchemaBuilder.int32(), "INT4")
            .build();
    task = db.startTask(context, withOwner.topic());

    task.put(List.of(withOwner.create(1, "a", 99)));

    assertThat(db.count("items")).isEqualTo(1);
    assertThat(db.count("audit")).isZero();
  }
}
