package io.pgcarry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.sink.metrics.SinkTaskMetrics;
import io.pgcarry.sink.testing.DebeziumTable;
import io.pgcarry.sink.testing.RecordingContext;
import io.pgcarry.sink.testing.SourceStream;
import io.pgcarry.sink.testing.TargetDatabase;
import java.lang.management.ManagementFactory;
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

/**
 * Tables with unique constraints besides their key, against a real target: changes valid on the
 * source apply in one batch, deferred constraints see whole source transactions, and a change the
 * target refuses is named with what to do.
 */
class UniqueConstraintIT {

  private TargetDatabase db;
  private PgcarrySinkTask task;
  private final SourceStream stream = new SourceStream();

  private final DebeziumTable u =
      DebeziumTable.table("public", "u")
          .key("id", SchemaBuilder.int32(), "INT4")
          .column("code", SchemaBuilder.string(), "TEXT")
          .build();
  private final TopicPartition tp = new TopicPartition(u.topic(), 0);

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
  void appliesTheUniqueHandoffOfIssue7InOneBatch() throws Exception {
    db.execute(
        "CREATE TABLE u (id int PRIMARY KEY, code text UNIQUE)",
        "INSERT INTO u VALUES (1, 'c1'), (2, 'x')");
    task = db.startTask(new RecordingContext(false), u.topic());

    // update u set code='tmp' where id=1; update u set code='c1' where id=2;
    // update u set code='c2' where id=1;
    task.put(List.of(update(1, "tmp"), update(2, "c1"), update(1, "c2")));

    assertThat(db.rows("SELECT id, code FROM u ORDER BY id"))
        .containsExactly(List.of("1", "c2"), List.of("2", "c1"));
    assertThat(metric("BatchesAppliedChangeByChange")).as("set-based plan was right").isEqualTo(0L);
  }

  @Test
  void appliesSwapsAndCyclesUnderPartialUniqueIndexesAndExclusionConstraints() throws Exception {
    db.execute(
        "CREATE TABLE u (id int PRIMARY KEY, code text)",
        "CREATE UNIQUE INDEX u_code_active ON u (code) WHERE code <> 'free'",
        "CREATE TABLE slots (id int PRIMARY KEY, during int4range,"
            + " EXCLUDE USING gist (during WITH &&))",
        "INSERT INTO u VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'free'), (5, 'free')",
        "INSERT INTO slots VALUES (1, '[1,5)'), (2, '[5,9)')");
    DebeziumTable slots =
        DebeziumTable.table("public", "slots")
            .key("id", SchemaBuilder.int32(), "INT4")
            .column("during", SchemaBuilder.string(), "INT4RANGE")
            .build();
    task = db.startTask(new RecordingContext(false), u.topic(), slots.topic());

    task.put(
        List.of(
            // A cycle of three through a temporary value: 1:a 2:b 3:c becomes 1:b 2:c 3:a.
            update(1, "tmp"),
            update(3, "a"),
            update(2, "c"),
            update(1, "b"),
            // Rows outside the partial index share a value freely.
            update(4, "free"),
            update(5, "free"),
            // Slot 1 moves out of the way and slot 2 takes its time.
            slots.update(null, new Object[] {1, "[20,25)"}),
            slots.update(null, new Object[] {2, "[1,9)"}),
            slots.update(null, new Object[] {1, "[10,15)"})));

    assertThat(db.rows("SELECT id, code FROM u ORDER BY id"))
        .containsExactly(
            List.of("1", "b"),
            List.of("2", "c"),
            List.of("3", "a"),
            List.of("4", "free"),
            List.of("5", "free"));
    assertThat(db.rows("SELECT id, during::text FROM slots ORDER BY id"))
        .containsExactly(List.of("1", "[10,15)"), List.of("2", "[1,9)"));
    assertThat(metric("BatchesAppliedChangeByChange")).as("set-based plan was right").isEqualTo(0L);
  }

  @Test
  void holdsAnUnfinishedTransactionOfATableWithADeferredConstraintToTheNextBatch()
      throws Exception {
    db.execute(
        "CREATE TABLE u (id int PRIMARY KEY," + " code text UNIQUE DEFERRABLE INITIALLY DEFERRED)",
        "INSERT INTO u VALUES (1, 'a'), (2, 'b')");
    RecordingContext context = new RecordingContext(false);
    task = db.startTask(context, u.topic());
    // One source transaction swaps the codes; only its commit sees a valid state.
    List<SinkRecord> swap = stream.transaction(update(1, "b"), update(2, "a"));

    task.put(List.of(swap.get(0)));

    assertThat(task.preCommit(Map.of(tp, new OffsetAndMetadata(1)))).doesNotContainKey(tp);
    assertThat(db.rows("SELECT code FROM u ORDER BY id"))
        .containsExactly(List.of("a"), List.of("b"));
    assertThat(metric("HeldChanges")).isEqualTo(1L);

    task.put(List.of(swap.get(1)));

    assertThat(db.rows("SELECT code FROM u ORDER BY id"))
        .containsExactly(List.of("b"), List.of("a"));
    assertThat(task.preCommit(Map.of(tp, new OffsetAndMetadata(2))))
        .containsEntry(tp, new OffsetAndMetadata(2));
    assertThat(metric("HeldChanges")).isEqualTo(0L);
    assertThat(metric("BatchesAppliedChangeByChange")).isEqualTo(0L);
  }

  @Test
  void consumesAHeldTransactionAgainAfterARestart() throws Exception {
    db.execute(
        "CREATE TABLE u (id int PRIMARY KEY," + " code text UNIQUE DEFERRABLE INITIALLY IMMEDIATE)",
        "INSERT INTO u VALUES (1, 'a'), (2, 'b')");
    Map<String, String> config = db.sinkConfig("m1");
    List<SinkRecord> first = stream.transaction(update(1, "a1"));
    List<SinkRecord> swap = stream.transaction(update(1, "b"), update(2, "a"));
    task = db.startTask(config, new RecordingContext(false), u.topic());
    task.put(List.of(first.get(0), swap.get(0)));
    task.stop();

    RecordingContext restarted = new RecordingContext(false);
    task = db.startTask(config, restarted, u.topic());
    assertThat(restarted.offsets).containsEntry(tp, 1L);
    task.put(swap);

    assertThat(db.rows("SELECT code FROM u ORDER BY id"))
        .containsExactly(List.of("b"), List.of("a"));
  }

  @Test
  void namesTheChangeTheTargetRefusesAndWhatToDo() throws Exception {
    db.execute(
        "CREATE TABLE u (id int PRIMARY KEY, code text CONSTRAINT u_code_key UNIQUE)",
        "INSERT INTO u VALUES (1, 'c1'), (2, 'x')");
    task = db.startTask(new RecordingContext(false), u.topic());
    // Someone writes to the target behind the migration's back.
    db.execute("INSERT INTO u VALUES (9, 'c2')");
    List<SinkRecord> history =
        stream.transaction(update(1, "tmp"), update(2, "c1"), update(1, "c2"));

    assertThatThrownBy(() -> task.put(history))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("public.u")
        .hasMessageContaining("u_code_key")
        .hasMessageContaining("the UPDATE at topic " + u.topic() + ", partition 0, offset 2")
        .hasMessageContaining("key (id)=(1)")
        .hasMessageContaining("source LSN")
        .hasMessageContaining("source transaction 700 (first change")
        .hasMessageContaining("change 3)")
        .hasMessageContaining("changed on the target by someone else")
        .hasMessageContaining("restart the connector")
        .hasMessageNotContaining("run again")
        .hasMessageNotContaining("tmp");
    assertThat(db.rows("SELECT id, code FROM u ORDER BY id"))
        .containsExactly(List.of("1", "c1"), List.of("2", "x"), List.of("9", "c2"));
  }

  @Test
  void appliesChangeByChangeWhenAUniqueIndexAppearsAfterTheCatalogWasRead() throws Exception {
    db.execute(
        "CREATE TABLE u (id int PRIMARY KEY, code text)",
        "INSERT INTO u VALUES (1, 'c1'), (2, 'x')");
    task = db.startTask(new RecordingContext(false), u.topic());
    task.put(List.of(update(2, "y")));
    db.execute("CREATE UNIQUE INDEX u_code ON u (code)");

    // The cached catalog knows no unique index on code: the compacted batch fails, the batch is
    // applied change by change, and the next batch reads the catalog again.
    task.put(List.of(update(1, "tmp"), update(2, "c1"), update(1, "c2")));
    task.put(List.of(update(2, "tmp"), update(1, "c1"), update(2, "c2")));

    assertThat(db.rows("SELECT id, code FROM u ORDER BY id"))
        .containsExactly(List.of("1", "c1"), List.of("2", "c2"));
    assertThat(metric("BatchesAppliedChangeByChange")).isEqualTo(1L);
  }

  private SinkRecord update(int id, String code) {
    return u.update(null, new Object[] {id, code});
  }

  private static Object metric(String name) throws Exception {
    return ManagementFactory.getPlatformMBeanServer()
        .getAttribute(SinkTaskMetrics.objectName("m1", "0"), name);
  }
}
