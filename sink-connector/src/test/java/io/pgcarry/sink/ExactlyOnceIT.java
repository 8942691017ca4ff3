package io.pgcarry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.sink.metrics.SinkTaskMetrics;
import io.pgcarry.sink.testing.DebeziumTable;
import io.pgcarry.sink.testing.KafkaLog;
import io.pgcarry.sink.testing.RecordingContext;
import io.pgcarry.sink.testing.SourceStream;
import io.pgcarry.sink.testing.TargetDatabase;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Crashes of the sink task and of the source connector, through {@code put()} and {@code
 * preCommit()} against a real target: the task stops without committing Kafka offsets, Kafka
 * redelivers from an older offset, and the source resends whole transactions from an earlier
 * boundary with the same stream positions at new offsets. A keyless table of identical rows, where
 * a change applied twice or skipped changes the row count, and a keyed table; the target must end
 * exactly as the source history says, and every resent change must be counted as skipped.
 */
class ExactlyOnceIT {

  private static final long SEED = Long.getLong("pgcarry.crash.seed", System.nanoTime());

  private TargetDatabase db;
  private PgcarrySinkTask task;
  private final SourceStream stream = new SourceStream();
  private final DebeziumTable ledger =
      DebeziumTable.table("public", "ledger")
          .column("kind", SchemaBuilder.string(), "TEXT")
          .column("n", SchemaBuilder.int32(), "INT4")
          .build();
  private final DebeziumTable accounts =
      DebeziumTable.table("public", "accounts")
          .key("id", SchemaBuilder.int32(), "INT4")
          .column("balance", SchemaBuilder.int32(), "INT4")
          .build();

  @BeforeEach
  void createDatabase(TestInfo info) throws Exception {
    db = TargetDatabase.create(info.getTestMethod().orElseThrow().getName());
    db.execute(
        "CREATE TABLE ledger (kind text, n int)",
        "ALTER TABLE ledger REPLICA IDENTITY FULL",
        "CREATE TABLE accounts (id int PRIMARY KEY, balance int)");
  }

  @AfterEach
  void stopTask() {
    if (task != null) {
      task.stop();
    }
  }

  @Test
  void completesATransactionOfIdenticalRowsThatWasPartlyAppliedBeforeTheCrash() throws Exception {
    List<SinkRecord> tx =
        stream.transaction(
            ledger.create("same", 1), ledger.create("same", 1), ledger.create("same", 1));
    task = start();
    task.put(tx.subList(0, 2));
    task.stop();

    task = start();
    List<SinkRecord> resent = new ArrayList<>();
    tx.forEach(r -> resent.add(ledger.resend(r)));
    task.put(resent);

    assertThat(db.count("ledger")).isEqualTo(3);
    assertThat(metric("ReplaysSkipped")).isEqualTo(2L);
  }

  @Test
  void appliesEveryChangeOnceThroughThirtyCrashesOfSinkAndSource() throws Exception {
    Random random = new Random(SEED);
    History history = new History(random);
    KafkaLog log = new KafkaLog();
    List<List<SinkRecord>> transactions = new ArrayList<>();
    long resentChanges = 0;
    long skipped = 0;
    task = start();
    try {
      for (int crash = 0; crash < 30; crash++) {
        for (int i = random.nextInt(6); i >= 0; i--) {
          List<SinkRecord> tx = history.transaction();
          transactions.add(tx);
          log.append(tx);
        }
        deliver(log, random, random.nextInt(log.size()) + 1);
        // Crash: the task stops without committing Kafka offsets; the source connector resends
        // what it had not committed, whole transactions from an earlier boundary.
        skipped += (Long) metric("ReplaysSkipped");
        task.stop();
        int from = Math.max(0, transactions.size() - 1 - random.nextInt(4));
        for (List<SinkRecord> tx : transactions.subList(from, transactions.size())) {
          List<SinkRecord> copies = new ArrayList<>();
          tx.forEach(r -> copies.add(resend(r)));
          log.append(copies);
          resentChanges += copies.size();
        }
        RecordingContext context = new RecordingContext(false);
        task = start(context);
        if (random.nextBoolean()) {
          log.seek(context.offsets);
        } else {
          log.rewindAll();
        }
      }
      deliver(log, random, Integer.MAX_VALUE);
      skipped += (Long) metric("ReplaysSkipped");
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("failed with -Dpgcarry.crash.seed=" + SEED, e);
    }

    assertThat(ledgerRows()).as("seed %d", SEED).isEqualTo(history.ledger);
    assertThat(accountRows()).as("seed %d", SEED).isEqualTo(history.accounts);
    assertThat(skipped).as("resent changes skipped, seed %d", SEED).isEqualTo(resentChanges);
  }

  /** Delivers up to {@code records} records from the log in batches of random size. */
  private void deliver(KafkaLog log, Random random, int records) {
    int left = records;
    while (left > 0) {
      List<SinkRecord> batch = log.poll(Math.min(left, 1 + random.nextInt(7)));
      if (batch.isEmpty()) {
        return;
      }
      task.put(batch);
      left -= batch.size();
    }
  }

  private SinkRecord resend(SinkRecord record) {
    return record.topic().equals(ledger.topic()) ? ledger.resend(record) : accounts.resend(record);
  }

  private PgcarrySinkTask start() {
    return start(new RecordingContext(false));
  }

  private PgcarrySinkTask start(RecordingContext context) {
    return db.startTask(db.sinkConfig("m1"), context, ledger.topic(), accounts.topic());
  }

  private Map<String, Long> ledgerRows() throws Exception {
    Map<String, Long> rows = new TreeMap<>();
    for (List<String> row : db.rows("SELECT kind || ' ' || n, count(*) FROM ledger GROUP BY 1")) {
      rows.put(row.get(0), Long.parseLong(row.get(1)));
    }
    return rows;
  }

  private Map<Integer, Integer> accountRows() throws Exception {
    Map<Integer, Integer> rows = new TreeMap<>();
    for (List<String> row : db.rows("SELECT id, balance FROM accounts")) {
      rows.put(Integer.parseInt(row.get(0)), Integer.parseInt(row.get(1)));
    }
    return rows;
  }

  private static Object metric(String name) throws Exception {
    return ManagementFactory.getPlatformMBeanServer()
        .getAttribute(SinkTaskMetrics.objectName("m1", "0"), name);
  }

  /** Random valid source transactions and the state they leave. */
  private final class History {
    private final Random random;
    final Map<String, Long> ledger = new TreeMap<>();
    final Map<Integer, Integer> accounts = new TreeMap<>();
    private int nextId = 1;

    History(Random random) {
      this.random = random;
    }

    List<SinkRecord> transaction() {
      List<SinkRecord> changes = new ArrayList<>();
      for (int i = random.nextInt(4); i >= 0; i--) {
        changes.add(random.nextBoolean() ? ledgerChange() : accountChange());
      }
      return stream.transaction(changes.toArray(new SinkRecord[0]));
    }

    private SinkRecord ledgerChange() {
      int n = 1 + random.nextInt(2);
      String row = "same " + n;
      if (ledger.getOrDefault(row, 0L) == 0 || random.nextInt(3) == 0) {
        ledger.merge(row, 1L, Long::sum);
        return ExactlyOnceIT.this.ledger.create("same", n);
      }
      ledger.merge(row, -1L, Long::sum);
      ledger.remove(row, 0L);
      if (random.nextBoolean()) {
        return ExactlyOnceIT.this.ledger.delete("same", n);
      }
      ledger.merge("same " + (3 - n), 1L, Long::sum);
      return ExactlyOnceIT.this.ledger.update(
          new Object[] {"same", n}, new Object[] {"same", 3 - n});
    }

    private SinkRecord accountChange() {
      if (accounts.isEmpty() || random.nextInt(3) == 0) {
        int id = nextId++;
        accounts.put(id, 0);
        return ExactlyOnceIT.this.accounts.create(id, 0);
      }
      List<Integer> ids = new ArrayList<>(accounts.keySet());
      int id = ids.get(random.nextInt(ids.size()));
      int balance = accounts.get(id);
      switch (random.nextInt(3)) {
        case 0 -> {
          accounts.remove(id);
          return ExactlyOnceIT.this.accounts.delete(id, balance);
        }
        case 1 -> {
          int moved = nextId++;
          accounts.remove(id);
          accounts.put(moved, balance);
          return ExactlyOnceIT.this.accounts.update(
              new Object[] {id, balance}, new Object[] {moved, balance});
        }
        default -> {
          accounts.put(id, balance + 1);
          return ExactlyOnceIT.this.accounts.update(null, new Object[] {id, balance + 1});
        }
      }
    }
  }
}
