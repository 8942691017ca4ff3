package io.pgcarry.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.stream.StreamHeaders;
import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.source.testing.TaskHarness;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class FullLoadIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @Test
  void readsEveryRowOnceAcrossTheSnapshotAndTheStream() throws Exception {
    LocalPostgres source = TestPostgres.source();
    source.recreateDatabase("fullload");
    try (Connection c = source.connect("fullload");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE big (id bigint PRIMARY KEY, pad text)");
      s.execute("INSERT INTO big SELECT g, repeat('x', 200) FROM generate_series(1, 30000) g");
      s.execute("CREATE TABLE empty (id int PRIMARY KEY)");
      s.execute("CREATE TABLE odd (v text, b bytea, a int[])");
      s.execute("ALTER TABLE odd REPLICA IDENTITY FULL");
      s.execute(
          "INSERT INTO odd VALUES (E'tab\\there\\nnewline\\\\back', '\\x00ff', '{1,NULL}'),"
              + " (NULL, NULL, NULL), ('ünïcödé', '', '{}')");
    }
    Map<String, String> config = TaskHarness.settings(source, "fullload", "fullload");
    config.put(SourceConfig.SNAPSHOT_CHUNK_BYTES, Long.toString(1 << 20));
    config.put(SourceConfig.SNAPSHOT_RECORD_BYTES, Integer.toString(64 << 10));
    try (TaskHarness task = TaskHarness.start(config);
        Connection c = source.connect("fullload");
        Statement s = c.createStatement()) {
      // Committed after the slot exists: streamed, never part of the snapshot.
      s.execute("INSERT INTO big SELECT g, 'late' FROM generate_series(30001, 30010) g");
      List<SourceRecord> records =
          task.pollUntil(r -> changes(r, "fullload.public.big").size() >= 10, TIMEOUT);

      Set<Long> copied = copiedIds(records, "fullload.public.big");
      assertThat(copied).hasSize(30000);
      assertThat(chunks(records, "fullload.public.big")).hasSizeGreaterThan(1);
      assertThat(changes(records, "fullload.public.big"))
          .extracting(r -> ((Struct) r.value()).getStruct("after").getInt64("id"))
          .containsExactlyInAnyOrderElementsOf(
              java.util.stream.LongStream.rangeClosed(30001, 30010).boxed().toList());
      assertThat(endRows(records, "fullload.public.empty")).isEqualTo(0);
      assertThat(endRows(records, "fullload.public.odd")).isEqualTo(3);
      assertThat(copyText(records, "fullload.public.odd")).isEqualTo(copyOf(c, "odd"));
    }
  }

  /**
   * PostgreSQL 12 has no TID range scans: a table with a primary key is read in ranges of the key's
   * first column, equal ranges of an integer key (sparse and negative keys included), ranges
   * between sampled bounds of a text key (quotes and backslashes in it) or of a composite key whose
   * first column repeats; every row once. A table without a key is cut by blocks, each chunk
   * fetching every tuple slot of its blocks: rows moved, deleted and added after the snapshot, and
   * a vacuum meanwhile, change nothing it reads.
   */
  /** The keyless table's rows when the snapshot is taken: 1 to 15,000 but multiples of 9. */
  private static final long KEYLESS_IN_SNAPSHOT = 15000 - 15000 / 9;

  @Test
  void cutsTablesByKeyRangesOnASourceWithoutTidRangeScans() throws Exception {
    LocalPostgres source = TestPostgres.server("source", 12);
    source.recreateDatabase("keyranges");
    try (Connection c = source.connect("keyranges");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE keyed (id bigint PRIMARY KEY, pad text)");
      s.execute(
          "INSERT INTO keyed SELECT g * 3 - 20000, repeat('k', 200)"
              + " FROM generate_series(1, 15000) g");
      s.execute("CREATE TABLE keyless (id bigint, pad text)");
      s.execute("ALTER TABLE keyless REPLICA IDENTITY FULL");
      s.execute("INSERT INTO keyless SELECT g, repeat('n', 200) FROM generate_series(1, 15000) g");
      s.execute("UPDATE keyless SET pad = repeat('m', 200) WHERE id % 4 = 0");
      s.execute("DELETE FROM keyless WHERE id % 9 = 0");
      s.execute("CREATE TABLE coded (id bigint NOT NULL, code text PRIMARY KEY, pad text)");
      s.execute(
          "INSERT INTO coded SELECT g, CASE WHEN g % 97 = 0 THEN E'it''s \\\\ ' || g"
              + " ELSE md5(g::text) END, repeat('c', 200) FROM generate_series(1, 15000) g");
      s.execute(
          "CREATE TABLE pairs (id bigint NOT NULL, region text, n int, pad text,"
              + " PRIMARY KEY (region, n))");
      s.execute(
          "INSERT INTO pairs SELECT g, chr(65 + g % 7), g, repeat('p', 200)"
              + " FROM generate_series(1, 15000) g");
    }
    Map<String, String> config = TaskHarness.settings(source, "keyranges", "keyranges");
    config.put(SourceConfig.SNAPSHOT_CHUNK_BYTES, Long.toString(1 << 20));
    config.put(SourceConfig.SNAPSHOT_RECORD_BYTES, Integer.toString(64 << 10));
    config.put(SourceConfig.SNAPSHOT_MAX_BYTES_PER_SECOND, Long.toString(4 << 20));
    try (TaskHarness task = TaskHarness.start(config);
        Connection c = source.connect("keyranges");
        Statement s = c.createStatement()) {
      List<SourceRecord> records = new ArrayList<>(task.pollUntil(r -> !r.isEmpty(), TIMEOUT));
      // After the snapshot, while its chunks are read: none of this may show in them.
      s.execute("UPDATE keyless SET pad = repeat('a', 300) WHERE id % 5 = 0");
      s.execute("DELETE FROM keyless WHERE id % 7 = 0");
      s.execute("INSERT INTO keyless SELECT g, 'after' FROM generate_series(20001, 21000) g");
      s.execute("VACUUM keyless");
      records.addAll(
          task.pollUntil(
              r -> {
                List<SourceRecord> all = new ArrayList<>(records);
                all.addAll(r);
                return endRows(all, "keyranges.public.keyed") == 15000
                    && endRows(all, "keyranges.public.keyless") == KEYLESS_IN_SNAPSHOT
                    && endRows(all, "keyranges.public.coded") == 15000
                    && endRows(all, "keyranges.public.pairs") == 15000;
              },
              TIMEOUT));

      assertThat(copiedIds(records, "keyranges.public.keyed"))
          .isEqualTo(
              java.util.stream.LongStream.rangeClosed(1, 15000)
                  .map(g -> g * 3 - 20000)
                  .boxed()
                  .collect(java.util.stream.Collectors.toSet()));
      assertThat(chunks(records, "keyranges.public.keyed")).hasSizeGreaterThan(2);
      assertThat(copiedIds(records, "keyranges.public.keyless"))
          .isEqualTo(
              java.util.stream.LongStream.rangeClosed(1, 15000)
                  .filter(g -> g % 9 != 0)
                  .boxed()
                  .collect(java.util.stream.Collectors.toSet()));
      assertThat(chunks(records, "keyranges.public.keyless")).hasSizeGreaterThan(2);
      java.util.Set<Long> all =
          java.util.stream.LongStream.rangeClosed(1, 15000)
              .boxed()
              .collect(java.util.stream.Collectors.toSet());
      assertThat(copiedIds(records, "keyranges.public.coded")).isEqualTo(all);
      assertThat(chunks(records, "keyranges.public.coded")).hasSizeGreaterThan(2);
      assertThat(copiedIds(records, "keyranges.public.pairs")).isEqualTo(all);
      assertThat(chunks(records, "keyranges.public.pairs")).hasSizeGreaterThan(1);
    }
  }

  @Test
  void startsAnInterruptedFullLoadAgainFromANewSnapshot() throws Exception {
    LocalPostgres source = TestPostgres.source();
    source.recreateDatabase("interrupted");
    try (Connection c = source.connect("interrupted");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE a (id bigint PRIMARY KEY, pad text)");
      s.execute("INSERT INTO a SELECT g, repeat('y', 500) FROM generate_series(1, 20000) g");
      s.execute("CREATE TABLE b (id int)");
      s.execute("INSERT INTO b SELECT g FROM generate_series(1, 10) g");
    }
    Map<String, String> config = TaskHarness.settings(source, "interrupted", "interrupted");
    config.put(SourceConfig.SNAPSHOT_CHUNK_BYTES, Long.toString(1 << 20));
    config.put(SourceConfig.SNAPSHOT_RECORD_BYTES, Integer.toString(64 << 10));
    config.put(SourceConfig.SNAPSHOT_WORKERS, "1");
    try (TaskHarness task = TaskHarness.start(config);
        Connection c = source.connect("interrupted");
        Statement s = c.createStatement()) {
      List<SourceRecord> first = task.pollUntil(r -> r.size() >= 3, TIMEOUT);
      assertThat(first.stream().filter(r -> header(r, StreamHeaders.KIND) == null)).isEmpty();
      assertThat(endRows(first, "interrupted.public.a")).isZero();
      task.commit(first, first.size());
      String firstSnapshot = header(first.get(0), StreamHeaders.SNAPSHOT);

      task.restart();
      s.execute("DELETE FROM a WHERE id <= 100");
      List<SourceRecord> second =
          task.pollUntil(r -> changes(r, "interrupted.public.a").size() >= 100, TIMEOUT);
      String secondSnapshot = header(second.get(0), StreamHeaders.SNAPSHOT);
      assertThat(io.pgcarry.common.Lsn.parse(secondSnapshot))
          .isGreaterThan(io.pgcarry.common.Lsn.parse(firstSnapshot));
      assertThat(copiedIds(second, "interrupted.public.a")).hasSize(20000);
      assertThat(endRows(second, "interrupted.public.a")).isEqualTo(20000);
      assertThat(endRows(second, "interrupted.public.b")).isEqualTo(10);
      assertThat(
              second.stream()
                  .filter(r -> header(r, StreamHeaders.SNAPSHOT) != null)
                  .map(r -> header(r, StreamHeaders.SNAPSHOT))
                  .distinct())
          .containsExactly(secondSnapshot);
    }
  }

  /**
   * A rewrite of a table the load has not read yet must wait for the load (the snapshot would see
   * the rewritten table empty), and the load must not wait for it in turn: the only worker, busy
   * with the first table, cannot lock the second without queueing behind the waiting command, so
   * the connection that locked every table reads it.
   */
  @Test
  void aRewriteWaitingForATableNeitherEmptiesItNorStallsTheLoad() throws Exception {
    LocalPostgres source = TestPostgres.source();
    source.recreateDatabase("rewrite");
    try (Connection c = source.connect("rewrite");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE a_first (id bigint PRIMARY KEY, pad text)");
      s.execute("INSERT INTO a_first SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g");
      s.execute("CREATE TABLE b_second (id bigint PRIMARY KEY, v text)");
      s.execute("INSERT INTO b_second SELECT g, 'v' || g FROM generate_series(1, 3000) g");
    }
    Map<String, String> config = TaskHarness.settings(source, "rewrite", "rewrite");
    config.put(SourceConfig.SNAPSHOT_CHUNK_BYTES, Long.toString(1 << 20));
    config.put(SourceConfig.SNAPSHOT_WORKERS, "1");
    // About 4 MB at 1 MB/s: the first table takes seconds.
    config.put(SourceConfig.SNAPSHOT_MAX_BYTES_PER_SECOND, Long.toString(1 << 20));
    ExecutorService ddl = Executors.newSingleThreadExecutor();
    try (TaskHarness task = TaskHarness.start(config);
        Connection c = source.connect("rewrite");
        Statement s = c.createStatement()) {
      WaitFor.condition(
          TIMEOUT,
          "the worker to read a_first",
          () -> {
            try (ResultSet rs =
                s.executeQuery(
                    "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY (SELECT%a_first%'")) {
              rs.next();
              return rs.getInt(1) > 0;
            }
          });
      Future<?> rewrite =
          ddl.submit(
              () -> {
                try (Connection d = source.connect("rewrite");
                    Statement ds = d.createStatement()) {
                  ds.execute("ALTER TABLE b_second ADD COLUMN r float8 DEFAULT random()");
                }
                return null;
              });
      List<SourceRecord> records =
          task.pollUntil(
              r -> ended(r, "rewrite.public.a_first") && ended(r, "rewrite.public.b_second"),
              TIMEOUT);

      // Read after the rewrite, the table would have been empty to the snapshot.
      assertThat(endRows(records, "rewrite.public.b_second")).isEqualTo(3000);
      assertThat(copiedIds(records, "rewrite.public.b_second")).hasSize(3000);
      assertThat(copiedIds(records, "rewrite.public.a_first")).hasSize(20000);
      // The load's connections end once streaming takes over; then the rewrite runs.
      task.pollUntil(r -> rewrite.isDone(), TIMEOUT);
      rewrite.get();
    } finally {
      ddl.shutdownNow();
    }
  }

  @Test
  void theEventsFormatIsDebeziumsSnapshotFollowedByStampedChanges() throws Exception {
    LocalPostgres source = TestPostgres.source();
    source.recreateDatabase("events");
    try (Connection c = source.connect("events");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE e (id int PRIMARY KEY)");
      s.execute("INSERT INTO e SELECT generate_series(1, 5)");
    }
    Map<String, String> config = TaskHarness.settings(source, "events", "events");
    config.put(SourceConfig.SNAPSHOT_FORMAT, "events");
    try (TaskHarness task = TaskHarness.start(config);
        Connection c = source.connect("events");
        Statement s = c.createStatement()) {
      List<SourceRecord> read =
          task.pollUntil(
              r -> r.stream().filter(x -> "events.public.e".equals(x.topic())).count() >= 5,
              TIMEOUT);
      assertThat(read.stream().filter(r -> header(r, StreamHeaders.KIND) != null)).isEmpty();
      assertThat(read)
          .filteredOn(r -> "events.public.e".equals(r.topic()))
          .extracting(r -> ((Struct) r.value()).getString("op"))
          .containsOnly("r");
      s.execute("INSERT INTO e VALUES (6)");
      List<SourceRecord> changed =
          task.pollUntil(r -> changes(r, "events.public.e").size() == 1, TIMEOUT);
      assertThat(header(changes(changed, "events.public.e").get(0), StreamHeaders.TX_SEQ))
          .isEqualTo("1");
    }
  }

  private static Set<Long> copiedIds(List<SourceRecord> records, String topic) {
    Set<Long> ids = new HashSet<>();
    for (SourceRecord r : records) {
      if (topic.equals(r.topic())
          && StreamHeaders.KIND_COPY.equals(header(r, StreamHeaders.KIND))) {
        for (String line : new String((byte[]) r.value(), StandardCharsets.UTF_8).split("\n")) {
          assertThat(ids.add(Long.parseLong(line.substring(0, line.indexOf('\t'))))).isTrue();
        }
      }
    }
    return ids;
  }

  private static Set<String> chunks(List<SourceRecord> records, String topic) {
    Set<String> chunks = new HashSet<>();
    records.stream()
        .filter(r -> topic.equals(r.topic()) && header(r, StreamHeaders.CHUNK) != null)
        .forEach(r -> chunks.add(header(r, StreamHeaders.CHUNK)));
    return chunks;
  }

  private static List<SourceRecord> changes(List<SourceRecord> records, String topic) {
    return records.stream()
        .filter(r -> topic.equals(r.topic()) && header(r, StreamHeaders.TX_FIRST) != null)
        .toList();
  }

  private static boolean ended(List<SourceRecord> records, String topic) {
    return records.stream()
        .anyMatch(
            r ->
                topic.equals(r.topic())
                    && StreamHeaders.KIND_SNAPSHOT_END.equals(header(r, StreamHeaders.KIND)));
  }

  private static long endRows(List<SourceRecord> records, String topic) {
    return records.stream()
        .filter(
            r ->
                topic.equals(r.topic())
                    && StreamHeaders.KIND_SNAPSHOT_END.equals(header(r, StreamHeaders.KIND)))
        .mapToLong(r -> Long.parseLong(header(r, StreamHeaders.ROWS)))
        .sum();
  }

  private static String copyText(List<SourceRecord> records, String topic) {
    StringBuilder text = new StringBuilder();
    records.stream()
        .filter(
            r ->
                topic.equals(r.topic())
                    && StreamHeaders.KIND_COPY.equals(header(r, StreamHeaders.KIND)))
        .forEach(r -> text.append(new String((byte[]) r.value(), StandardCharsets.UTF_8)));
    return text.toString();
  }

  private static String copyOf(Connection c, String table) throws Exception {
    var copy = c.unwrap(org.postgresql.core.BaseConnection.class).getCopyAPI();
    var out = new java.io.StringWriter();
    copy.copyOut("COPY " + table + " TO STDOUT", out);
    return out.toString();
  }

  static String header(SourceRecord record, String name) {
    Header header = record.headers().lastWithName(name);
    return header == null ? null : (String) header.value();
  }

  @SuppressWarnings("unused")
  private static Map<String, Long> counts(Connection c, String... tables) throws Exception {
    Map<String, Long> counts = new HashMap<>();
    for (String table : tables) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
        rs.next();
        counts.put(table, rs.getLong(1));
      }
    }
    return counts;
  }
}
