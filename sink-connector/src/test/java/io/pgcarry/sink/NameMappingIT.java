package io.pgcarry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.sink.testing.DebeziumTable;
import io.pgcarry.sink.testing.FullLoadRecords;
import io.pgcarry.sink.testing.RecordingContext;
import io.pgcarry.sink.testing.TargetDatabase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The sink writes a source table's full load and changes into the table and columns that {@code
 * name.mapping} names, dropping the columns it leaves out, also when the source sends them.
 */
class NameMappingIT {

  private static final String MAPPING =
      "{\"schemas\": {\"shop\": \"store\"}, \"tables\": {\"shop.customer\": {\"name\": \"client\","
          + " \"columns\": {\"full_name\": \"name\", \"Id\": \"id\"},"
          + " \"exclude_columns\": [\"secret\"]}}}";

  private TargetDatabase db;
  private PgcarrySinkTask task;

  @BeforeEach
  void createDatabase(TestInfo info) throws Exception {
    db = TargetDatabase.create(info.getTestMethod().orElseThrow().getName());
    db.execute(
        "CREATE SCHEMA store",
        "CREATE TABLE store.client (id int PRIMARY KEY, name text, created date)");
  }

  @AfterEach
  void stopTask() {
    if (task != null) {
      task.stop();
    }
  }

  @Test
  void appliesTheFullLoadAndChangesUnderTargetNamesDroppingALeftOutColumn() throws Exception {
    DebeziumTable customer =
        DebeziumTable.table("shop", "customer")
            .key("Id", SchemaBuilder.int32(), "INT4")
            .column("full_name", SchemaBuilder.string(), "TEXT")
            .column("secret", SchemaBuilder.string(), "TEXT")
            .column("created", SchemaBuilder.string(), "DATE")
            .build();
    FullLoadRecords load = new FullLoadRecords();
    List<String> columns = List.of("Id", "full_name", "secret", "created");
    byte[] copy =
        "1\tAda\ts1\t2024-01-01\n2\tAlan\t\\N\t\\N\n3\tGrace\ts\\tx\t2024-03-01\n"
            .getBytes(StandardCharsets.UTF_8);
    List<SinkRecord> records =
        new ArrayList<>(load.copyRecords("shop", "customer", columns, "0/10", copy, 2));
    records.add(load.end("shop", "customer", "0/10", 3));
    // The changes follow the full load in the table's one topic.
    assertThat(customer.topic()).isEqualTo(FullLoadRecords.topic("shop", "customer"));
    customer.skipTo(records.get(records.size() - 1).kafkaOffset() + 1);
    Map<String, String> config = db.sinkConfig("m1");
    config.put("name.mapping", MAPPING);
    task = db.startTask(config, new RecordingContext(false), customer.topic());

    task.put(records);
    task.put(
        List.of(
            customer.create(4, "Edsger", "s4", "2024-04-01"),
            customer.update(
                new Object[] {1, "Ada", "s1", "2024-01-01"},
                new Object[] {1, "Ada L.", "s9", "2024-01-02"}),
            customer.delete(2, "Alan", null, null)));

    assertThat(db.rows("SELECT id, name, created::text FROM store.client ORDER BY id"))
        .containsExactly(
            List.of("1", "Ada L.", "2024-01-02"),
            List.of("3", "Grace", "2024-03-01"),
            List.of("4", "Edsger", "2024-04-01"));
    assertThat(
            db.value(
                "SELECT snapshot_schema || '.' || snapshot_table FROM pgcarry.applied_position"
                    + " WHERE snapshot_table IS NOT NULL"))
        .as("full-load progress is kept under the target name, which status looks up")
        .isEqualTo("store.client");
  }

  @Test
  void stopsWhenTheMappingLeavesOutAKeyColumn() throws Exception {
    DebeziumTable customer =
        DebeziumTable.table("shop", "customer")
            .key("secret", SchemaBuilder.string(), "TEXT")
            .column("full_name", SchemaBuilder.string(), "TEXT")
            .build();
    Map<String, String> config = db.sinkConfig("m1");
    config.put("name.mapping", MAPPING);
    task = db.startTask(config, new RecordingContext(false), customer.topic());

    assertThatThrownBy(() -> task.put(List.of(customer.create("k", "Ada"))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("column secret of shop.customer is the key")
        .hasMessageContaining("Carry the column");
  }
}
