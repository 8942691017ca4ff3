package io.pgcarry.migrate.verify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.common.stream.ChunkMarker;
import io.pgcarry.common.stream.StreamHeaders;
import io.pgcarry.common.verify.KeyRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Finds, in a table's change topic, what the stream changed in each chunk of an online verification
 * run after the sink compared it. The sink applies the topic in order and compares a chunk where
 * its marker is ({@link ChunkEmitter}), so a row of the chunk changed afterwards, on either side,
 * exactly when a record after the marker touches it: a change event of its key (an update that
 * moves a row's key is a delete of the old key and a create of the new one, both seen). A repair of
 * an overlapping range, or a record that may touch any row (a change without a readable integer
 * key, a truncate, a DDL command, full-load rows), makes the chunk one to compare whole, and so do
 * more than {@link #MAX_KEYS} changed keys.
 *
 * <p>Conservative where it cannot tell: a chunk whose marker is not found (the run's start read
 * before the topic's retention, a topic Connect named otherwise, several partitions, whose order
 * across each other is not the stream's) counts as changed. It reads from the run's start, less a
 * minute for the clocks of the verifying host and the worker, to the topic's end when called, which
 * is the whole stream once the application has stopped and the sink has caught up. Not thread-safe;
 * each call opens and closes its own consumer.
 */
final class ChangedChunks {

  /** How much earlier than the run's start the worker's clock may have stamped its markers. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(500);

  /** How long the reading may make no progress before what follows counts as unknown. */
  private static final Duration STALL = Duration.ofSeconds(30);

  /** The most keys of one chunk kept: a chunk with more changed rows is compared whole. */
  static final int MAX_KEYS = 10_000;

  /**
   * What was read. A chunk of neither map is to be compared whole.
   *
   * @param untouched numbers of the chunks whose marker was found and no later record touched
   * @param changedKeys of the chunks whose marker was found and whose later records were changes
   *     with a key, those keys, at most {@link #MAX_KEYS} a chunk
   * @param records records read
   */
  record Scan(Set<Integer> untouched, Map<Integer, Set<Long>> changedKeys, long records) {

    static Scan unknown(long records) {
      return new Scan(Set.of(), Map.of(), records);
    }
  }

  private final Properties client;

  /**
   * @param client the settings of pgcarry's Kafka client of the cluster, bootstrap servers included
   */
  ChangedChunks(Properties client) {
    this.client = client;
  }

  /**
   * Reads the tables' topics, with one consumer: a topic of a database of many tables costs its
   * records, not a consumer of its own.
   *
   * @param tables the run's chunks of each table, by the table's change topic
   * @param run the verification run whose markers are looked for
   * @param started when the run started
   * @return what was found in each topic; {@link Scan#unknown} for one that could not be read
   */
  Map<String, Scan> scan(Map<String, List<PlannedChunk>> tables, String run, Instant started) {
    Map<String, Scan> scans = new HashMap<>();
    tables.keySet().forEach(topic -> scans.put(topic, Scan.unknown(0)));
    if (tables.isEmpty()) {
      return scans;
    }
    Properties props = new Properties();
    props.putAll(client);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "pgcarry-verify-cutover");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 << 20));
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      Map<String, List<PartitionInfo>> existing = consumer.listTopics(Duration.ofSeconds(30));
      Map<TopicPartition, Tracker> trackers = new HashMap<>();
      for (Map.Entry<String, List<PlannedChunk>> table : tables.entrySet()) {
        List<PartitionInfo> partitions = existing.get(table.getKey());
        // Several partitions have no order across each other: their topic stays unknown.
        if (partitions != null && partitions.size() == 1) {
          trackers.put(
              new TopicPartition(table.getKey(), partitions.get(0).partition()),
              new Tracker(run, table.getValue()));
        }
      }
      consumer.assign(trackers.keySet());
      Map<TopicPartition, Long> ends = consumer.endOffsets(trackers.keySet());
      long since = started.minus(CLOCK_SKEW).toEpochMilli();
      Map<TopicPartition, Long> times = new HashMap<>();
      trackers.keySet().forEach(partition -> times.put(partition, since));
      Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times);
      Set<TopicPartition> reading = new HashSet<>();
      for (TopicPartition partition : trackers.keySet()) {
        OffsetAndTimestamp from = starts.get(partition);
        if (from == null) {
          // No record since the run started: none of its markers is there.
          consumer.pause(List.of(partition));
        } else {
          consumer.seek(partition, from.offset());
          reading.add(partition);
        }
      }
      read(consumer, trackers, ends, reading);
      for (TopicPartition done : reading) {
        Tracker tracker = trackers.get(done);
        scans.put(
            done.topic(), new Scan(tracker.untouched(), tracker.changedKeys(), tracker.records));
      }
      return scans;
    }
  }

  /**
   * Reads each partition of {@code reading} to its end offset, or until its tracker needs no more;
   * removes from {@code reading} a partition that stalls.
   */
  private static void read(
      KafkaConsumer<byte[], byte[]> consumer,
      Map<TopicPartition, Tracker> trackers,
      Map<TopicPartition, Long> ends,
      Set<TopicPartition> reading) {
    Set<TopicPartition> open = new HashSet<>(reading);
    Instant stalled = Instant.now().plus(STALL);
    while (true) {
      for (TopicPartition partition : List.copyOf(open)) {
        if (consumer.position(partition) >= ends.get(partition)
            || trackers.get(partition).allWhole()) {
          consumer.pause(List.of(partition));
          open.remove(partition);
        }
      }
      if (open.isEmpty()) {
        return;
      }
      if (Instant.now().isAfter(stalled)) {
        // Records that cannot be read: what follows the markers is unknown.
        reading.removeAll(open);
        return;
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        stalled = Instant.now().plus(STALL);
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (open.contains(partition) && record.offset() < ends.get(partition)) {
          trackers.get(partition).read(record);
        }
      }
    }
  }

  /** The chunks of one table as the records of its topic go by. */
  static final class Tracker {

    private final String run;
    private final Map<Integer, PlannedChunk> chunks = new HashMap<>();
    private final String key;
    private final Set<Integer> located = new HashSet<>();
    private final Set<Integer> whole = new HashSet<>();
    private final Map<Integer, Set<Long>> keys = new HashMap<>();
    private long records;

    Tracker(String run, List<PlannedChunk> chunks) {
      this.run = run;
      chunks.forEach(c -> this.chunks.put(c.number(), c));
      this.key =
          chunks.stream().map(c -> c.table().key()).filter(k -> k != null).findFirst().orElse(null);
    }

    /**
     * Whether every chunk is to be compared whole: its marker went by and a record since may have
     * touched any of its rows; no other marker can be found.
     */
    boolean allWhole() {
      return located.size() == chunks.size() && whole.containsAll(located);
    }

    /** The chunks whose marker went by and nothing touched since. */
    Set<Integer> untouched() {
      Set<Integer> untouched = new HashSet<>(located);
      untouched.removeAll(whole);
      untouched.removeAll(keys.keySet());
      return untouched;
    }

    /** The chunks touched since their marker by changes of known keys alone, with the keys. */
    Map<Integer, Set<Long>> changedKeys() {
      Map<Integer, Set<Long>> changed = new HashMap<>(keys);
      changed.keySet().removeAll(whole);
      return changed;
    }

    void read(ConsumerRecord<byte[], byte[]> record) {
      records++;
      if (located.isEmpty() && record.headers().lastHeader(StreamHeaders.KIND) == null) {
        // A change before every marker: what it did was compared.
        return;
      }
      Header kindHeader = record.headers().lastHeader(StreamHeaders.KIND);
      String kind =
          kindHeader == null ? null : new String(kindHeader.value(), StandardCharsets.UTF_8);
      if (kind == null) {
        change(record.key());
      } else if (kind.equals(StreamHeaders.KIND_VERIFY)) {
        ChunkMarker marker = marker(record.value(), false);
        if (marker != null && marker.run().equals(run) && chunks.containsKey(marker.chunk())) {
          // A marker sent again after a restart: the first one is where the sink compared.
          located.add(marker.chunk());
        }
      } else if (kind.equals(StreamHeaders.KIND_REPAIR)) {
        ChunkMarker marker = marker(record.value(), true);
        if (marker == null) {
          touchAll();
        } else {
          for (int number : located) {
            if (overlaps(chunks.get(number).range(), marker.range())) {
              whole.add(number);
            }
          }
        }
      } else if (!kind.equals(StreamHeaders.KIND_INSPECT)) {
        // DDL, full-load rows, or a kind this version does not know.
        touchAll();
      }
    }

    private void change(byte[] keyBytes) {
      Long value = keyValue(keyBytes);
      if (value == null) {
        touchAll();
        return;
      }
      for (int number : located) {
        if (!whole.contains(number) && chunks.get(number).range().contains(value)) {
          Set<Long> changed = keys.computeIfAbsent(number, n -> new HashSet<>());
          changed.add(value);
          if (changed.size() > MAX_KEYS) {
            whole.add(number);
            keys.remove(number);
          }
        }
      }
    }

    /** The record key's integer value of the chunks' key column, or null. */
    private Long keyValue(byte[] keyBytes) {
      if (key == null || keyBytes == null) {
        return null;
      }
      // Streamed, not read into a tree: the schema the key carries is most of its bytes.
      try (JsonParser parser = JSON.getFactory().createParser(keyBytes)) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          return null;
        }
        return field(parser, true);
      } catch (IOException e) {
        return null;
      }
    }

    /**
     * The key column's integer in the object the parser is in: that of its {@code payload} when it
     * is JsonConverter's envelope ({@code schema} and {@code payload}), else its own.
     */
    private Long field(JsonParser parser, boolean envelope) throws IOException {
      Long found = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (envelope && name.equals("payload") && value == JsonToken.START_OBJECT) {
          return field(parser, false);
        }
        if (name.equals(key)) {
          found = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null;
          if (!envelope) {
            return found;
          }
        }
        parser.skipChildren();
      }
      return found;
    }

    private void touchAll() {
      whole.addAll(located);
      keys.clear();
    }

    private static ChunkMarker marker(byte[] value, boolean firstLine) {
      if (value == null) {
        return null;
      }
      int end = firstLine ? ChunkMarker.lineEnd(value) : -1;
      int length = end < 0 ? value.length : end;
      try {
        return ChunkMarker.parse(Arrays.copyOf(value, length));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    static boolean overlaps(KeyRange a, KeyRange b) {
      boolean aBelowB = a.to() != null && b.from() != null && a.to() <= b.from();
      boolean bBelowA = b.to() != null && a.from() != null && b.to() <= a.from();
      return !aBelowB && !bBelowA;
    }
  }
}
