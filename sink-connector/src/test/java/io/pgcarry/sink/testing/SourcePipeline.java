package io.pgcarry.sink.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.common.stream.StreamHeaders;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.source.testing.TaskHarness;
import io.pgcarry.topics.ChangeTopicConverter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.StringConverter;

/**
 * pgcarry's real source connector (its full load, then Debezium's streaming with change positions)
 * run the way a Connect worker runs it, without Kafka: its task is started and polled here, and
 * each record is converted to bytes as a migration's source connector converts it (the change
 * topics' converter for keys and values, StringConverter for headers), before becoming a {@link
 * SinkRecord} of those bytes, as a migration's sink receives it (ByteArrayConverter), at the next
 * offset of its topic's partition 0. The task runs in the source connector's {@link TaskHarness}.
 */
public final class SourcePipeline implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final TaskHarness task;
  private final ChangeTopicConverter keys = new ChangeTopicConverter();
  private final ChangeTopicConverter values = new ChangeTopicConverter();
  private final StringConverter headers = new StringConverter();
  private final Map<String, Long> offsets = new HashMap<>();

  private SourcePipeline(TaskHarness task) {
    this.task = task;
    headers.configure(Map.of("converter.type", "header"));
    Map<String, String> settings =
        Map.of("schemas.enable", "true", "replace.null.with.default", "false");
    keys.configure(settings, true);
    values.configure(settings, false);
  }

  /**
   * Starts streaming a source database: snapshot first, then changes.
   *
   * @param settings further source connector settings (e.g. table.include.list)
   */
  public static SourcePipeline start(
      LocalPostgres source, String database, String slot, Map<String, String> settings)
      throws ReflectiveOperationException {
    Map<String, String> config = TaskHarness.settings(source, database, slot);
    config.put("topic.prefix", "pgcarry");
    config.put("slot.drop.on.stop", "true");
    config.put("skipped.operations", "none");
    config.putAll(settings);
    return new SourcePipeline(TaskHarness.start(config));
  }

  /**
   * Polls until the records seen satisfy {@code done}.
   *
   * @return the records, as a sink task receives them
   */
  public List<SinkRecord> pollUntil(Predicate<List<SinkRecord>> done, Duration timeout)
      throws InterruptedException {
    List<SinkRecord> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(out)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("source produced only " + out.size() + " records in " + timeout);
      }
      for (SourceRecord record : task.poll()) {
        out.add(throughKafka(record));
      }
    }
    return out;
  }

  /**
   * Polls until the full load of {@code tables} tables has been read: their snapshot-end records
   * with {@code snapshot.format=copy}, else as many of Debezium's read events as {@code rows}.
   */
  public List<SinkRecord> pollFullLoad(int tables, long rows, Duration timeout)
      throws InterruptedException {
    return pollUntil(
        r ->
            r.stream().filter(SourcePipeline::isSnapshotEnd).count() >= tables
                || r.stream().filter(SourcePipeline::isRead).count() >= rows,
        timeout);
  }

  private static boolean isSnapshotEnd(SinkRecord record) {
    Header kind = record.headers().lastWithName(StreamHeaders.KIND);
    return kind != null && StreamHeaders.KIND_SNAPSHOT_END.equals(String.valueOf(kind.value()));
  }

  private static boolean isRead(SinkRecord record) {
    JsonNode event = changeEvent(record);
    return event != null && "r".equals(event.path("op").asText());
  }

  /** The payload of a record that holds a change event (it has an {@code op}), else null. */
  public static JsonNode changeEvent(SinkRecord record) {
    if (!(record.value() instanceof byte[] value)
        || record.headers().lastWithName(StreamHeaders.KIND) != null) {
      return null;
    }
    try {
      JsonNode payload = JSON.readTree(value).path("payload");
      return payload.hasNonNull("op") ? payload : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The record as a migration's sink sees it after it went through a topic. */
  private SinkRecord throughKafka(SourceRecord record) {
    String topic = record.topic();
    RecordHeaders kafkaHeaders = new RecordHeaders();
    for (Header header : record.headers()) {
      kafkaHeaders.add(
          header.key(),
          headers.fromConnectHeader(topic, header.key(), header.schema(), header.value()));
    }
    byte[] key = keys.fromConnectData(topic, kafkaHeaders, record.keySchema(), record.key());
    byte[] value =
        values.fromConnectData(topic, kafkaHeaders, record.valueSchema(), record.value());
    ConnectHeaders received = new ConnectHeaders();
    for (org.apache.kafka.common.header.Header header : kafkaHeaders) {
      received.add(header.key(), headers.toConnectHeader(topic, header.key(), header.value()));
    }
    long offset = offsets.merge(topic, 1L, Long::sum) - 1;
    return new SinkRecord(
        topic,
        0,
        Schema.OPTIONAL_BYTES_SCHEMA,
        key,
        Schema.OPTIONAL_BYTES_SCHEMA,
        value,
        offset,
        null,
        null,
        received);
  }

  @Override
  public void close() {
    task.close();
  }
}
