package io.pgcarry.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.stream.ChangePosition;
import io.pgcarry.common.stream.StreamHeaders;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.source.testing.TaskHarness;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * A restarted source task resends only whole transactions, each change with the position it had the
 * first time, so that a sink which applied a prefix of the stream recognises exactly the changes it
 * applied ({@link ChangePosition#isReplayOf}).
 */
class ChangeStreamIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @Test
  void resendsWholeTransactionsWithTheirPositionsAfterARestart() throws Exception {
    LocalPostgres source = TestPostgres.source();
    source.recreateDatabase("restarts");
    try (Connection c = source.connect("restarts");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id int PRIMARY KEY, v int)");
      s.execute("CREATE TABLE k (v int)");
      s.execute("ALTER TABLE k REPLICA IDENTITY FULL");
    }
    try (TaskHarness task =
            TaskHarness.start(TaskHarness.settings(source, "restarts", "restarts"));
        Connection c = source.connect("restarts")) {
      List<SourceRecord> original =
          new ArrayList<>(
              task.pollUntil(r -> count(r, StreamHeaders.KIND_SNAPSHOT_END) == 2, TIMEOUT));
      history(c);
      original.addAll(task.pollUntil(r -> changes(r).size() == 16, TIMEOUT));
      List<SourceRecord> changes = changes(original);
      // The cut falls inside the transaction that copied five identical rows (one WAL record).
      SourceRecord cut = changes.get(5);
      task.commit(original, original.indexOf(cut) + 1);
      task.restart();
      List<SourceRecord> resent = task.pollUntil(r -> changes(r).size() == 13, TIMEOUT);

      List<SourceRecord> again = changes(resent);
      // The whole transaction of the cut comes again, from its first change.
      assertThat(position(again.get(0)).first()).isEqualTo(position(changes.get(3)).first());
      assertThat(position(again.get(0)).seq()).isEqualTo(1);
      for (int i = 0; i < again.size(); i++) {
        SourceRecord first = changes.get(3 + i);
        SourceRecord second = again.get(i);
        assertThat(second.topic()).isEqualTo(first.topic());
        assertThat(change(second)).isEqualTo(change(first));
        assertThat(position(second).first()).isEqualTo(position(first).first());
        assertThat(position(second).seq()).isEqualTo(position(first).seq());
        assertThat(header(second, StreamHeaders.TX_END))
            .isEqualTo(header(first, StreamHeaders.TX_END));
      }
      // A sink that applied everything once skips every resent change...
      assertReplays(changes, again, changes.size());
      // ...and one that applied only up to the cut applies every change after it.
      assertReplays(changes, again, 6);
    }
  }

  @Test
  void aSlotAheadOfTheCommittedOffsetsResendsNothingTwiceAsNew() throws Exception {
    LocalPostgres source = TestPostgres.source();
    source.recreateDatabase("ahead");
    try (Connection c = source.connect("ahead");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id int PRIMARY KEY, v int)");
      s.execute("CREATE TABLE k (v int)");
      s.execute("ALTER TABLE k REPLICA IDENTITY FULL");
    }
    try (TaskHarness task = TaskHarness.start(TaskHarness.settings(source, "ahead", "ahead"));
        Connection c = source.connect("ahead")) {
      List<SourceRecord> original =
          new ArrayList<>(
              task.pollUntil(r -> count(r, StreamHeaders.KIND_SNAPSHOT_END) == 2, TIMEOUT));
      history(c);
      original.addAll(task.pollUntil(r -> changes(r).size() == 16, TIMEOUT));
      List<SourceRecord> changes = changes(original);
      // Debezium has seen every record acknowledged and flushes the slot past them, while the
      // offsets the worker committed stop inside the third transaction.
      task.commit(original, original.indexOf(changes.get(9)) + 1);
      task.pollUntil(r -> true, TIMEOUT);
      task.restart();
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO t VALUES (100, 100)");
      }
      List<SourceRecord> after =
          changes(
              task.pollUntil(r -> changes(r).stream().anyMatch(ChangeStreamIT::isRow100), TIMEOUT));
      assertReplays(changes, after, changes.size());
      SourceRecord last = after.get(after.size() - 1);
      assertThat(isRow100(last)).isTrue();
    }
  }

  /**
   * Simulates a sink that applied the first {@code applied} original changes: every resent change
   * the filter skips must be one of those, and every one it applies must be new to it.
   */
  private static void assertReplays(
      List<SourceRecord> originals, List<SourceRecord> resent, int applied) {
    Map<String, ChangePosition> last = new HashMap<>();
    List<String> seen = new ArrayList<>();
    for (SourceRecord r : originals.subList(0, applied)) {
      last.put(r.topic(), position(r));
      seen.add(identity(r));
    }
    for (SourceRecord r : resent) {
      ChangePosition lastApplied = last.get(r.topic());
      boolean replay = lastApplied != null && position(r).isReplayOf(lastApplied);
      assertThat(replay).as("replay of %s", identity(r)).isEqualTo(seen.contains(identity(r)));
      if (!replay) {
        last.put(r.topic(), position(r));
        seen.add(identity(r));
      }
    }
  }

  /** Sixteen changes in five transactions, among them five identical rows in one WAL record. */
  private static void history(Connection c) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("INSERT INTO t VALUES (1, 1), (2, 2), (3, 3)");
      c.setAutoCommit(false);
      var copy = c.unwrap(org.postgresql.core.BaseConnection.class).getCopyAPI();
      copy.copyIn("COPY k FROM STDIN", new StringReader("7\n7\n7\n7\n7\n"));
      s.execute("UPDATE t SET v = v + 10 WHERE id = 1");
      c.commit();
      s.execute("UPDATE t SET v = v + 1");
      s.execute("DELETE FROM k WHERE ctid IN (SELECT ctid FROM k LIMIT 2)");
      c.commit();
      c.setAutoCommit(true);
      s.execute("INSERT INTO t VALUES (4, 4)");
      s.execute("DELETE FROM t WHERE id = 4");
    }
  }

  private static boolean isRow100(SourceRecord r) {
    var after = ((org.apache.kafka.connect.data.Struct) r.value()).getStruct("after");
    return after != null && Objects.equals(after.get("id"), 100);
  }

  /** What a change says, without the time it was read. */
  private static List<Object> change(SourceRecord r) {
    var value = (org.apache.kafka.connect.data.Struct) r.value();
    return java.util.Arrays.asList(
        value.get("op"),
        value.get("before"),
        value.get("after"),
        value.getStruct("source").get("lsn"),
        value.getStruct("source").get("txId"));
  }

  private static String identity(SourceRecord r) {
    return r.topic() + "@" + position(r).first() + "#" + position(r).seq();
  }

  private static ChangePosition position(SourceRecord r) {
    return ChangePosition.of(
        header(r, StreamHeaders.TX_AFTER),
        header(r, StreamHeaders.TX_FIRST),
        header(r, StreamHeaders.TX_SEQ));
  }

  private static List<SourceRecord> changes(List<SourceRecord> records) {
    return records.stream().filter(r -> header(r, StreamHeaders.TX_FIRST) != null).toList();
  }

  private static long count(List<SourceRecord> records, String kind) {
    return records.stream().filter(r -> kind.equals(header(r, StreamHeaders.KIND))).count();
  }

  private static String header(SourceRecord record, String name) {
    return FullLoadIT.header(record, name);
  }
}
