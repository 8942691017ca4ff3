package io.pgcarry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.sink.testing.DebeziumTable;
import io.pgcarry.sink.testing.RecordingContext;
import io.pgcarry.sink.testing.TargetDatabase;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Tables keyed by something other than a primary key, or by nothing at all. */
class ReplicaIdentityIT {

  private TargetDatabase db;
  private PgcarrySinkTask task;

  /** A table without primary key, REPLICA IDENTITY FULL on the source: no record key. */
  private final DebeziumTable events =
      DebeziumTable.table("public", "events")
          .column("kind", SchemaBuilder.string(), "TEXT")
          .column("n", SchemaBuilder.int32(), "INT4")
          .column("doc", SchemaBuilder.string().name("io.debezium.data.Json"), "JSON")
          .build();

  @BeforeEach
  void createDatabase(TestInfo info) throws Exception {
    db = TargetDatabase.create(info.getTestMethod().orElseThrow().getName());
    db.execute("CREATE TABLE events (kind text, n int, doc json)");
  }

  @AfterEach
  void stopTask() {
    if (task != null) {
      task.stop();
    }
  }

  @Test
  void deletesOneOfEightIdenticalRowsWhenTableHasNoKey() throws Exception {
    task = db.startTask(new RecordingContext(false), events.topic());
    List<SinkRecord> inserts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      inserts.add(events.read("same", 1, "{\"a\": 1}"));
    }
    task.put(inserts);

    task.put(List.of(events.delete("same", 1, "{\"a\": 1}")));

    assertThat(db.count("events")).isEqualTo(7);
  }

  @Test
  void updatesOneOfIdenticalRowsWhenTableHasNoKey() throws Exception {
    task = db.startTask(new RecordingContext(false), events.topic());
    task.put(List.of(events.create("same", 1, null), events.create("same", 1, null)));

    task.put(
        List.of(
            events.update(new Object[] {"same", 1, null}, new Object[] {"changed", 2, "[]"}),
            events.create("other", 3, null),
            events.delete("same", 1, null)));

    assertThat(db.rows("SELECT kind, n, coalesce(doc::text, 'null') FROM events ORDER BY n"))
        .containsExactly(List.of("changed", "2", "[]"), List.of("other", "3", "null"));
  }

  @Test
  void refusesUpdateOfTableWithoutKeyWhenSourceSentNoOldRow() throws Exception {
    task = db.startTask(new RecordingContext(false), events.topic());
    task.put(List.of(events.create("a", 1, null)));

    assertThatThrownBy(() -> task.put(List.of(events.update(null, new Object[] {"a", 2, null}))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("public.events")
        .hasMessageContaining("ALTER TABLE public.events REPLICA IDENTITY FULL");
    assertThat(db.rows("SELECT n FROM events")).containsExactly(List.of("1"));
  }

  @Test
  void keysByReplicaIdentityIndexWhenTableHasNoPrimaryKey() throws Exception {
    db.execute(
        "CREATE TABLE accounts (id int NOT NULL, email text NOT NULL, note text)",
        "CREATE UNIQUE INDEX accounts_email ON accounts (email)",
        "ALTER TABLE accounts REPLICA IDENTITY USING INDEX accounts_email");
    // Debezium sends no record key for a table without primary key; the old row holds only the
    // identity columns.
    DebeziumTable accounts =
        DebeziumTable.table("public", "accounts")
            .column("id", SchemaBuilder.int32(), "INT4")
            .column("email", SchemaBuilder.string(), "TEXT")
            .column("note", SchemaBuilder.string(), "TEXT")
            .build();
    task = db.startTask(new RecordingContext(false), accounts.topic());

    task.put(
        List.of(
            accounts.read(1, "a@x", "first"),
            accounts.read(2, "b@x", "second"),
            accounts.update(new Object[] {null, "a@x", null}, new Object[] {1, "a@x", "changed"}),
            accounts.delete(null, "b@x", null)));

    assertThat(db.rows("SELECT id, email, note FROM accounts"))
        .containsExactly(List.of("1", "a@x", "changed"));
  }

  @Test
  void appliesRedeliveredRecordsOfATableWithoutKeyOnceAfterACrash() throws Exception {
    java.util.Map<String, String> config = db.sinkConfig("m1");
    task = db.startTask(config, new RecordingContext(false), events.topic());
    List<SinkRecord> batch =
        List.of(events.create("same", 1, null), events.create("same", 1, null));
    task.put(batch);
    // The worker is killed: no preCommit, Kafka still holds the old offset and redelivers.
    task.stop();
    RecordingContext restarted = new RecordingContext(false);
    task = db.startTask(config, restarted, events.topic());
    task.put(batch);
    task.put(List.of(events.delete("same", 1, null)));

    assertThat(restarted.offsets)
        .containsEntry(new org.apache.kafka.common.TopicPartition(events.topic(), 0), 2L);
    assertThat(db.count("events")).isEqualTo(1);
  }

  @Test
  void doesNotDuplicateRowsWhenTheSourceStartsItsSnapshotOver() throws Exception {
    task = db.startTask(new RecordingContext(false), events.topic());
    task.put(List.of(events.readFirst("a", 1, null), events.read("a", 1, null)));
    task.put(List.of(events.read("b", 2, null)));

    // The source was interrupted mid-snapshot and reads the whole table again, at new offsets.
    task.put(
        List.of(
            events.readFirst("a", 1, null),
            events.read("a", 1, null),
            events.read("b", 2, null),
            events.read("c", 3, null)));

    assertThat(db.rows("SELECT kind, n FROM events ORDER BY n"))
        .containsExactly(
            List.of("a", "1"), List.of("a", "1"), List.of("b", "2"), List.of("c", "3"));
  }

  @Test
  void leavesTheOtherRowsAloneWhenKeylessRowHasNoMatch() throws Exception {
    task = db.startTask(new RecordingContext(false), events.topic());
    task.put(List.of(events.create("a", 1, null)));

    assertThatThrownBy(() -> task.put(List.of(events.delete("missing", 9, null))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("DELETE_ONE")
        .hasMessageContaining("diverged");
    assertThat(db.count("events")).isEqualTo(1);
  }
}
