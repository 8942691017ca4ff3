package io.pgcarry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.common.Lsn;
import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The source connector on a real Connect worker, reading a real slot into real topics: the full
 * load's COPY records, then a change with its stream position, as a consumer of the topics sees
 * them.
 */
class SourceConnectorIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static EmbeddedRuntime runtime;
  private static ConnectClient connect;

  @BeforeAll
  static void startRuntime() throws Exception {
    runtime = EmbeddedRuntime.start(Files.createTempDirectory("source-it"), Map.of());
    connect = new ConnectClient(runtime.connectUrl());
  }

  @AfterAll
  static void stopRuntime() {
    runtime.close();
  }

  @Test
  void snapshotsThenStreamsAndConfirmsTheSlotPastALogicalMessage() throws Exception {
    LocalPostgres source = TestPostgres.source();
    source.recreateDatabase("source_it");
    try (Connection c = source.connect("source_it");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE item (id int PRIMARY KEY, name text)");
      s.execute("INSERT INTO item SELECT i, 'item ' || i FROM generate_series(1, 100) i");
    }
    connect.put(
        "src",
        Map.ofEntries(
            Map.entry("connector.class", "io.pgcarry.source.PgcarrySourceConnector"),
            Map.entry("value.converter", "io.pgcarry.topics.ChangeTopicConverter"),
            Map.entry("value.converter.schemas.enable", "true"),
            Map.entry("database.hostname", "127.0.0.1"),
            Map.entry("database.port", Integer.toString(source.port())),
            Map.entry("database.user", LocalPostgres.SUPERUSER),
            Map.entry("database.password", LocalPostgres.SUPERUSER),
            Map.entry("database.dbname", "source_it"),
            Map.entry("topic.prefix", "it"),
            Map.entry("slot.name", "source_it"),
            Map.entry("publication.name", "source_it"),
            Map.entry("table.include.list", "public\\.item")));

    WaitFor.condition(
        Duration.ofMinutes(2),
        "the snapshot to complete",
        this::snapshotDone,
        () -> "offsets: " + connect.offsets("src") + ", status: " + connect.status("src"));
    try (Connection c = source.connect("source_it");
        Statement s = c.createStatement()) {
      s.execute("UPDATE item SET name = 'renamed' WHERE id = 7");
      s.execute("SELECT pg_logical_emit_message(true, 'pgcarry', 'mark')");
      Lsn mark;
      try (ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
        rs.next();
        mark = Lsn.parse(rs.getString(1));
      }
      WaitFor.condition(
          Duration.ofMinutes(1),
          "the connector to confirm the slot up to " + mark,
          () -> confirmed(source).compareTo(mark) >= 0);
    }

    List<ConsumerRecord<String, String>> records = read("it.public.item", 3);
    // The full load: the rows as COPY text, the record's raw value (the migration's converter),
    // then the table's end.
    assertThat(header(records.get(0), "pgcarry.kind")).isEqualTo("copy");
    assertThat(header(records.get(0), "pgcarry.rows")).isEqualTo("100");
    assertThat(records.get(0).value().lines()).hasSize(100).contains("7\titem 7");
    assertThat(header(records.get(1), "pgcarry.kind")).isEqualTo("snapshot-end");
    assertThat(header(records.get(1), "pgcarry.rows")).isEqualTo("100");
    // Then the change, with its place in the stream.
    JsonNode update = JSON.readTree(records.get(2).value()).path("payload");
    assertThat(update.path("op").asText()).isEqualTo("u");
    assertThat(update.path("after").path("name").asText()).isEqualTo("renamed");
    assertThat(update.path("source").path("table").asText()).isEqualTo("item");
    assertThat(header(records.get(2), "pgcarry.tx.seq")).isEqualTo("1");
    assertThat(header(records.get(2), "pgcarry.tx.end")).isEqualTo("true");
    connect.delete("src");
    dropSlot(source);
  }

  /** Drops the slot once the deleted connector's walsender let go of it: the server is shared. */
  private static void dropSlot(LocalPostgres source) throws Exception {
    try (Connection c = source.connect("source_it");
        Statement s = c.createStatement()) {
      WaitFor.condition(
          Duration.ofMinutes(1),
          "the deleted connector to release the slot",
          () -> {
            try (ResultSet rs =
                s.executeQuery(
                    "SELECT count(*) FROM pg_replication_slots"
                        + " WHERE slot_name = 'source_it' AND active")) {
              rs.next();
              return rs.getInt(1) == 0;
            }
          });
      s.execute(
          "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
              + " WHERE slot_name = 'source_it'");
    }
  }

  /** The full load's own offset is committed complete once Kafka has every table's rows. */
  private boolean snapshotDone() {
    for (JsonNode entry : connect.offsets("src")) {
      if ("full-load".equals(entry.path("partition").path("pgcarry").asText())) {
        return entry.path("offset").path("complete").asBoolean(false);
      }
    }
    return false;
  }

  private static Lsn confirmed(LocalPostgres source) {
    try (Connection c = source.connect("source_it");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT coalesce(confirmed_flush_lsn, '0/0')::text FROM pg_replication_slots"
                    + " WHERE slot_name = 'source_it'")) {
      return rs.next() ? Lsn.parse(rs.getString(1)) : Lsn.ZERO;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null
        ? null
        : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static List<ConsumerRecord<String, String>> read(String topic, int count)
      throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", runtime.bootstrapServers());
    props.put("group.id", "reader");
    props.put("auto.offset.reset", "earliest");
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    List<ConsumerRecord<String, String>> events = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      WaitFor.condition(
          Duration.ofSeconds(60),
          count + " records in " + topic,
          () -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
              events.add(record);
            }
            return events.size() >= count;
          });
    }
    assertThat(events).hasSize(count);
    return events;
  }
}
