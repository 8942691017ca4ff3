package io.pgcarry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.stream.StreamHeaders;
import io.pgcarry.sink.metrics.SinkTaskMetrics;
import io.pgcarry.sink.testing.DebeziumTable;
import io.pgcarry.sink.testing.RecordingContext;
import io.pgcarry.sink.testing.SourceStream;
import io.pgcarry.sink.testing.TargetDatabase;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Transient failures, unreadable records, configuration checks and metrics. */
class FailureHandlingIT {

  private TargetDatabase db;
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
  }

  @AfterEach
  void stopTask() throws Exception {
    db.server().restart();
    if (task != null) {
      task.stop();
    }
  }

  @Test
  void retriesTheSameBatchAfterTheTargetRestarts() throws Exception {
    RecordingContext context = new RecordingContext(false);
    task = db.startTask(context, items.topic());
    task.put(List.of(items.create(1, "a")));
    List<SinkRecord> batch = List.of(items.create(2, "b"), items.create(3, "c"));

    db.server().stop("immediate");
    assertThatThrownBy(() -> task.put(batch)).isInstanceOf(RetriableException.class);
    assertThat(context.timeoutMs).isEqualTo(10);
    db.server().restart();
    // Connect hands the same batch again after a RetriableException.
    task.put(batch);

    assertThat(db.count("items")).isEqualTo(3);
    assertThat(db.value("SELECT next_offset FROM pgcarry.applied_position")).isEqualTo("3");
  }

  @Test
  void stopsRetryingAfterTheConfiguredNumberOfAttempts() throws Exception {
    Map<String, String> config = db.sinkConfig("m1");
    config.put("max.retries", "1");
    task = db.startTask(config, new RecordingContext(false), items.topic());
    List<SinkRecord> batch = List.of(items.create(1, "a"));

    db.server().stop("immediate");
    assertThatThrownBy(() -> task.put(batch)).isInstanceOf(RetriableException.class);
    assertThatThrownBy(() -> task.put(batch))
        .isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("cannot connect to the target");
  }

  @Test
  void reportsUnreadableRecordsToTheErrantRecordReporterAndGoesOn() throws Exception {
    RecordingContext context = new RecordingContext(true);
    DebeziumTable broken =
        DebeziumTable.table("public", "items")
            .key("id", SchemaBuilder.int32(), "INT4")
            .columnSchema(
                "name",
                SchemaBuilder.struct()
                    .name("some.Unknown")
                    .optional()
                    .field("x", Schema.INT32_SCHEMA)
                    .build())
            .build();
    task = db.startTask(context, broken.topic());
    SinkRecord bad =
        broken.create(
            1,
            new org.apache.kafka.connect.data.Struct(
                    SchemaBuilder.struct()
                        .name("some.Unknown")
                        .optional()
                        .field("x", Schema.INT32_SCHEMA)
                        .build())
                .put("x", 1));

    task.put(List.of(bad, broken.create(2, null)));

    assertThat(context.reported).containsExactly(bad);
    assertThat(db.rows("SELECT id FROM items")).containsExactly(List.of("2"));
    assertThat(db.value("SELECT next_offset FROM pgcarry.applied_position")).isEqualTo("2");
  }

  @Test
  void treatsARecordWithAMalformedStreamPositionAsUnreadable() throws Exception {
    SourceStream stream = new SourceStream();
    SinkRecord malformed =
        stream.withHeaders(
            items.create(1, "a"),
            Map.of(
                StreamHeaders.TX_AFTER, "0/10",
                StreamHeaders.TX_FIRST, "0/20",
                StreamHeaders.TX_SEQ, "first"));
    List<SinkRecord> good = stream.transaction(items.create(2, "b"));
    RecordingContext withReporter = new RecordingContext(true);
    task = db.startTask(withReporter, items.topic());

    task.put(List.of(malformed, good.get(0)));

    assertThat(withReporter.reported).containsExactly(malformed);
    assertThat(db.rows("SELECT id FROM items")).containsExactly(List.of("2"));
    task.stop();

    task = db.startTask(db.sinkConfig("m2"), new RecordingContext(false), items.topic());
    assertThatThrownBy(() -> task.put(List.of(malformed)))
        .hasMessageContaining("topic " + items.topic() + ", partition 0, offset 0")
        .hasMessageContaining("'first' is not a change number");
  }

  @Test
  void honoursAnOffsetResetAndRefusesToAlterOffsets() throws Exception {
    task = db.startTask(new RecordingContext(false), items.topic());
    task.put(List.of(items.create(1, "a"), items.create(2, "b")));
    task.stop();
    task = null;
    PgcarrySinkConnector connector = new PgcarrySinkConnector();
    Map<String, String> config = db.sinkConfig("m1");
    config.put("topics", items.topic());
    TopicPartition tp = new TopicPartition(items.topic(), 0);

    assertThatThrownBy(() -> connector.alterOffsets(config, Map.of(tp, 1L)))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("does not alter offsets")
        .hasMessageContaining("reset the offsets instead");
    assertThat(db.count("pgcarry.applied_position")).isEqualTo(1);

    Map<TopicPartition, Long> reset = new HashMap<>();
    reset.put(tp, null);
    assertThat(connector.alterOffsets(config, reset)).isTrue();

    assertThat(db.count("pgcarry.applied_position")).isZero();
    RecordingContext restarted = new RecordingContext(false);
    task = db.startTask(restarted, items.topic());
    assertThat(restarted.offsets).as("no rewind: Kafka's reset offsets hold").isEmpty();
  }

  @Test
  void exposesAppliedCountsAndLastSourcePositionOverJmx() throws Exception {
    task = db.startTask(new RecordingContext(false), items.topic());
    task.put(List.of(items.create(1, "a"), items.create(2, "b"), items.delete(1, "a")));

    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = SinkTaskMetrics.objectName("m1", "0");
    assertThat(server.getAttribute(name, "TotalChangesApplied")).isEqualTo(3L);
    assertThat(server.getAttribute(name, "LastBatchSize")).isEqualTo(3L);
    assertThat(server.getAttribute(name, "StatementsExecuted")).isEqualTo(2L);
    assertThat((String) server.getAttribute(name, "LastAppliedSourceLsn"))
        .matches("[0-9A-F]+/[0-9A-F]+");
    TabularData changes = (TabularData) server.getAttribute(name, "ChangesApplied");
    Map<Object, Object> counts = new HashMap<>();
    changes
        .values()
        .forEach(
            row -> {
              javax.management.openmbean.CompositeData data =
                  (javax.management.openmbean.CompositeData) row;
              counts.put(data.get("key"), data.get("value"));
            });
    assertThat(counts)
        .containsEntry("public.items CREATE", 2L)
        .containsEntry("public.items DELETE", 1L);
  }

  @Test
  void validationAttachesProblemsToTheConnectionUri() throws Exception {
    PgcarrySinkConnector connector = new PgcarrySinkConnector();
    Map<String, String> good = db.sinkConfig("m1");
    good.put("topics", items.topic());
    Map<String, String> unparsable = new HashMap<>(good);
    unparsable.put("connection.uri", "mysql://nope");
    Map<String, String> unreachable = new HashMap<>(good);
    unreachable.put("connection.uri", "postgresql://postgres:postgres@127.0.0.1:1/x");

    assertThat(errors(connector, good, "connection.uri")).isEmpty();
    assertThat(errors(connector, unparsable, "connection.uri"))
        .singleElement()
        .asString()
        .contains("is not a PostgreSQL URI");
    assertThat(errors(connector, unreachable, "connection.uri"))
        .singleElement()
        .asString()
        .contains("cannot connect to the target");
    assertThat(errors(connector, Map.of("topics", "t"), "migration.name")).isNotEmpty();
  }

  private static List<String> errors(
      PgcarrySinkConnector connector, Map<String, String> config, String field) {
    return connector.validate(config).configValues().stream()
        .filter(v -> v.name().equals(field))
        .findFirst()
        .map(ConfigValue::errorMessages)
        .orElseThrow();
  }
}
