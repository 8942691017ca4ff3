package io.pgcarry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.TableId;
import io.pgcarry.common.stream.DeferredKeyTable;
import io.pgcarry.common.stream.DeferredKeyTable.DeferredKey;
import io.pgcarry.common.stream.PositionTable;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.sink.testing.DebeziumTable;
import io.pgcarry.sink.testing.FullLoadRecords;
import io.pgcarry.sink.testing.RecordingContext;
import io.pgcarry.sink.testing.TargetDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Keys built after the rows ({@code DeferredKeyTable}): the full load fills a table without its
 * keys, the sink builds them, in one transaction with the deletion of their rows, once the table's
 * snapshot end is applied, and applies none of the table's changes before they exist; a row that
 * someone else wrote into the table during the load stops the task at the key; a task stopped while
 * a build waits, or stopped by a build that failed transiently too often, builds them again when it
 * starts.
 */
class KeyBuildIT {

  private static final String SNAPSHOT = "0/3000028";
  private static final TableId ITEMS = new TableId("public", "items");
  private static final TopicPartition PARTITION =
      new TopicPartition(FullLoadRecords.topic("public", "items"), 0);

  private final LocalPostgres sourceServer = TestPostgres.source();
  private final FullLoadRecords records = new FullLoadRecords();
  private final DebeziumTable items =
      DebeziumTable.table("public", "items")
          .key("id", SchemaBuilder.int32(), "INT4")
          .column("name", SchemaBuilder.string(), "TEXT")
          .build();
  private final RecordingContext context = new RecordingContext(false);
  private TargetDatabase db;
  private Connection source;
  private PgcarrySinkTask task;

  @BeforeEach
  void createDatabases(TestInfo info) throws Exception {
    String name = info.getTestMethod().orElseThrow().getName();
    db = TargetDatabase.create(name);
    db.execute("CREATE TABLE items (id int NOT NULL, name text NOT NULL)");
    try (Connection target = db.connect()) {
      target.setAutoCommit(false);
      DeferredKeyTable keys = DeferredKeyTable.beside(PositionTable.DEFAULT);
      keys.create(target);
      keys.write(
          target,
          "m1",
          List.of(
              new DeferredKey(
                  ITEMS,
                  1,
                  "CONSTRAINT \"items_pkey\" ON \"public\".\"items\"",
                  List.of(
                      "ALTER TABLE ONLY public.items ADD CONSTRAINT items_pkey PRIMARY KEY (id)")),
              new DeferredKey(
                  ITEMS,
                  2,
                  "INDEX \"public\".\"items_name_key\"",
                  List.of("CREATE UNIQUE INDEX items_name_key ON public.items (name)")),
              new DeferredKey(
                  ITEMS,
                  3,
                  "REPLICA IDENTITY \"public\".\"items\"",
                  List.of(
                      "ALTER TABLE ONLY public.items REPLICA IDENTITY USING INDEX"
                          + " items_name_key"))));
      target.commit();
    }
    String sourceName = "kb_" + Integer.toHexString(name.hashCode() & 0xffffff);
    sourceServer.recreateDatabase(sourceName);
    source = sourceServer.connect(sourceName);
    try (Statement s = source.createStatement()) {
      s.execute("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL UNIQUE)");
      s.execute("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 100) g");
    }
  }

  @AfterEach
  void close() throws Exception {
    if (task != null) {
      task.stop();
    }
    source.close();
  }

  @Test
  void buildsTheKeysOnceTheLoadIsAppliedAndTheChangesOnlyAfterThem() throws Exception {
    task = start();
    List<SinkRecord> batch = new ArrayList<>(load());
    batch.addAll(changes());

    task.put(batch);

    // The changes wait for the keys: a later batch applies them, whatever the build's speed.
    assertThat(db.value("SELECT count(*) || ' ' || max(name) FROM items WHERE id = 7"))
        .isEqualTo("1 item 7");
    assertThat(context.paused).containsExactly(PARTITION);
    putUntil(() -> rows("SELECT count(*) FROM items WHERE id = 7").equals("0"));

    assertThat(db.rows("SELECT id, name FROM items WHERE id IN (5, 7, 101) ORDER BY id"))
        .containsExactly(List.of("5", "renamed"), List.of("101", "new"));
    assertThat(db.count("items")).isEqualTo(100);
    assertKeysBuilt();
    assertThat(context.paused).isEmpty();
    assertThat(
            db.value(
                "SELECT snapshot_rows || ' ' || snapshot_complete FROM pgcarry.applied_position"))
        .isEqualTo("100 true");
  }

  @Test
  void aRowWrittenByAnotherDuringTheLoadStopsTheTaskAtTheKey() throws Exception {
    task = start();
    List<SinkRecord> load = load();
    task.put(load.subList(0, load.size() - 1));
    db.execute("INSERT INTO items VALUES (3, 'written by another')");

    task.put(List.of(load.get(load.size() - 1)));

    assertThatThrownBy(() -> putUntil(() -> false))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("\"items_pkey\"")
        .hasMessageContaining("\"public\".\"items\"")
        .hasMessageContaining("something other than pgcarry wrote to it");
    assertThat(db.value("SELECT count(*) FROM pgcarry.deferred_key")).isEqualTo("3");
    assertThat(db.value("SELECT count(*) FROM pg_constraint WHERE conname = 'items_pkey'"))
        .isEqualTo("0");
  }

  @Test
  void aTaskStoppedWhileTheKeysBuildBuildsThemWhenItStartsAgain() throws Exception {
    task = start();
    List<SinkRecord> changes;
    try (Connection reader = db.connect()) {
      // A reader of the table holds the build back until it ends.
      reader.setAutoCommit(false);
      try (Statement s = reader.createStatement()) {
        s.execute("LOCK TABLE items IN ACCESS SHARE MODE");
      }
      List<SinkRecord> batch = new ArrayList<>(load());
      changes = changes();
      batch.addAll(changes);
      task.put(batch);
      waitFor(
          () ->
              rows("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                      + " AND datname = current_database()")
                  .equals("1"));
      task.stop();
      reader.commit();
    }
    assertThat(db.value("SELECT count(*) FROM pgcarry.deferred_key")).isEqualTo("3");
    assertThat(db.value("SELECT count(*) FROM pg_constraint WHERE conname = 'items_pkey'"))
        .isEqualTo("0");

    task = start();
    // Connect delivers again from the stored position: the changes after the snapshot end.
    assertThat(context.offsets).containsEntry(PARTITION, changes.get(0).kafkaOffset());
    task.put(changes);
    putUntil(() -> rows("SELECT count(*) FROM items WHERE id = 7").equals("0"));

    assertThat(db.rows("SELECT id, name FROM items WHERE id IN (5, 7, 101) ORDER BY id"))
        .containsExactly(List.of("5", "renamed"), List.of("101", "new"));
    assertKeysBuilt();
  }

  @Test
  void aBuildThatKeepsFailingTransientlyStopsTheTaskAndTheNextTaskBuildsIt() throws Exception {
    db.execute("ALTER DATABASE " + db.name() + " SET lock_timeout = '200ms'");
    Map<String, String> config = new HashMap<>(db.sinkConfig("m1"));
    config.put("max.retries", "2");
    task = db.startTask(config, context, PARTITION.topic());
    List<SinkRecord> load = load();
    List<SinkRecord> changes = changes();
    try (Connection reader = db.connect()) {
      // A reader of the table makes every attempt time out waiting for its lock.
      reader.setAutoCommit(false);
      try (Statement s = reader.createStatement()) {
        s.execute("LOCK TABLE items IN ACCESS SHARE MODE");
      }
      List<SinkRecord> batch = new ArrayList<>(load);
      batch.addAll(changes);
      task.put(batch);

      assertThatThrownBy(() -> putUntil(() -> false))
          .isInstanceOf(ConnectException.class)
          .hasMessageContaining("Failed to build CONSTRAINT \"items_pkey\"")
          .hasMessageContaining("(3 attempts)");
      task.stop();
      reader.commit();
    }
    assertThat(db.value("SELECT count(*) FROM items WHERE id = 7")).isEqualTo("1");

    task = db.startTask(config, context, PARTITION.topic());
    task.put(changes);
    putUntil(() -> rows("SELECT count(*) FROM items WHERE id = 7").equals("0"));

    assertKeysBuilt();
  }

  private List<SinkRecord> load() throws Exception {
    List<SinkRecord> load =
        records.table(source, "public", "items", List.of("id", "name"), SNAPSHOT, 30);
    items.skipTo(load.get(load.size() - 1).kafkaOffset() + 1);
    return load;
  }

  private List<SinkRecord> changes() {
    return List.of(
        items.update(new Object[] {5, "item 5"}, new Object[] {5, "renamed"}),
        items.delete(7, "item 7"),
        items.create(101, "new"));
  }

  private void assertKeysBuilt() throws Exception {
    assertThat(db.value("SELECT count(*) FROM pgcarry.deferred_key")).isEqualTo("0");
    assertThat(
            db.rows(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                    + " WHERE conrelid = 'items'::regclass AND contype = 'p'"))
        .containsExactly(List.of("items_pkey", "PRIMARY KEY (id)"));
    assertThat(
            db.value(
                "SELECT i.indexrelid::regclass::text FROM pg_index i"
                    + " WHERE i.indrelid = 'items'::regclass AND i.indisreplident"))
        .isEqualTo("items_name_key");
  }

  private PgcarrySinkTask start() {
    return db.startTask(db.sinkConfig("m1"), context, PARTITION.topic());
  }

  /** Batches without records, as Connect delivers while a partition is paused, until done. */
  private void putUntil(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("still waiting after 30 s").isLessThan(deadline);
      task.put(List.of());
      Thread.sleep(20);
    }
  }

  private static void waitFor(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("still waiting after 30 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private String rows(String sql) {
    try {
      return db.value(sql);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
