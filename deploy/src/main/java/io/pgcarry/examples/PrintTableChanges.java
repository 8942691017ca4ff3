package io.pgcarry.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints a table's change topic ({@code MIGRATION.SCHEMA.TABLE}) from the start: full-load records
 * as row counts, then each change. Usage: {@code BOOTSTRAP TOPIC [STOP-AFTER-IDLE-SECONDS]}.
 */
public final class PrintTableChanges {
  public static void main(String[] args) {
    Properties props = new Properties();
    props.put("bootstrap.servers", args[0]);
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    long idleSeconds = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE;
    ObjectMapper json = new ObjectMapper();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      // One partition per table keeps its changes in commit order; no consumer group is needed.
      List<TopicPartition> table = List.of(new TopicPartition(args[1], 0));
      consumer.assign(table);
      consumer.seekToBeginning(table);
      for (long idle = 0; idle < idleSeconds; ) {
        var records = consumer.poll(Duration.ofSeconds(1));
        idle = records.isEmpty() ? idle + 1 : 0;
        for (ConsumerRecord<String, String> record : records) {
          String kind = header(record, "pgcarry.kind");
          if (kind != null) { // a full-load record: COPY text rows, or the table's end
            System.out.printf("%s %s rows%n", kind, header(record, "pgcarry.rows"));
          } else if (record.value() != null) { // Debezium's envelope, JsonConverter's payload
            JsonNode value = json.readTree(record.value()).path("payload");
            if (value.has("op")) {
              System.out.printf(
                  "%s before=%s after=%s%n",
                  value.get("op").asText(), value.path("before"), value.path("after"));
            }
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String header(ConsumerRecord<?, ?> record, String key) {
    Header header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
