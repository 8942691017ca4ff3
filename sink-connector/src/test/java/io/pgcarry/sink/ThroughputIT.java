package io.pgcarry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.sink.testing.DebeziumTable;
import io.pgcarry.sink.testing.FullLoadRecords;
import io.pgcarry.sink.testing.RecordingContext;
import io.pgcarry.sink.testing.TargetDatabase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Rows per second of the sink against a plain {@code COPY FROM STDIN} of the same rows into a fresh
 * table, measured in the same run on the same server: 100,000 snapshot rows (Debezium's read
 * events), 100,000 updates, and 100,000 rows of full-load COPY records, in put() batches of 10,000
 * including the conversion of the Connect records. The table has only its primary key, the case
 * whose speed must not regress; updates of a table with a second unique index are printed too. The
 * floors are what the sink's README promises: at most half the lowest ratios measured on a machine
 * loaded by other builds (load average 8 to 9), so that the load of a shared machine does not fail
 * them.
 */
class ThroughputIT {

  private static final int ROWS = 100_000;
  private static final int BATCH = 10_000;
  private static final String DDL =
      " (id bigint PRIMARY KEY, customer int, amount numeric(12,2), note text, created timestamptz)";

  private final DebeziumTable orders = table("orders");

  @Test
  void appliesSnapshotUpdatesAndFullLoadAtAFloorRelativeToPlainCopy(TestInfo info)
      throws Exception {
    TargetDatabase db = TargetDatabase.create(info.getTestMethod().orElseThrow().getName());
    db.execute(
        "CREATE TABLE orders" + DDL,
        "CREATE TABLE loaded" + DDL,
        "CREATE TABLE ordered" + DDL,
        "CREATE UNIQUE INDEX ordered_note ON ordered (note)");
    DebeziumTable ordered = table("ordered");
    PgcarrySinkTask task =
        db.startTask(
            new RecordingContext(false),
            orders.topic(),
            ordered.topic(),
            FullLoadRecords.topic("public", "loaded"));
    try {
      Phase snapshot = measure(db, () -> apply(task, orders, true));
      Phase updates = measure(db, () -> apply(task, orders, false));
      Phase load = measure(db, () -> load(task));
      apply(task, ordered, true);
      Phase orderedUpdates = measure(db, () -> apply(task, ordered, false));
      System.out.printf(
          "pgcarry sink throughput against plain COPY measured around each phase: snapshot rows"
              + " %s; updates %s; full-load COPY records %s; updates with a second unique index"
              + " %s%n",
          snapshot, updates, load, orderedUpdates);

      assertThat(db.count("orders")).isEqualTo(ROWS);
      assertThat(db.value("SELECT count(*) FROM orders WHERE note LIKE 'updated%'"))
          .isEqualTo(Integer.toString(ROWS));
      assertThat(db.value("SELECT count(*) FROM loaded")).isEqualTo(Integer.toString(ROWS));
      // What the sink's README promises: at most half the lowest ratios it measured under load.
      assertThat(snapshot.ratio()).as("snapshot rows against plain COPY").isGreaterThan(0.03);
      assertThat(updates.ratio()).as("updates against plain COPY").isGreaterThan(0.025);
      assertThat(load.ratio()).as("full-load records against plain COPY").isGreaterThan(0.2);
    } finally {
      task.stop();
    }
  }

  private static DebeziumTable table(String name) {
    return DebeziumTable.table("public", name)
        .key("id", SchemaBuilder.int64(), "INT8")
        .column("customer", SchemaBuilder.int32(), "INT4")
        .column("amount", SchemaBuilder.string(), "NUMERIC")
        .column("note", SchemaBuilder.string(), "TEXT")
        .column(
            "created",
            SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp"),
            "TIMESTAMPTZ")
        .build();
  }

  /** A sink phase's rows per second, and the slower of the plain COPYs just before and after. */
  private record Phase(double rate, double copyRate) {
    double ratio() {
      return rate / copyRate;
    }

    @Override
    public String toString() {
      return String.format("%.0f rows/s (%.2f of COPY at %.0f rows/s)", rate, ratio(), copyRate);
    }
  }

  private interface Run {
    double rate() throws Exception;
  }

  /**
   * Runs a phase between two plain COPYs, so that the sink is compared with COPY under the same
   * load of the machine; the slower COPY is the baseline, which keeps the comparison lenient.
   */
  private static Phase measure(TargetDatabase db, Run phase) throws Exception {
    double before = plainCopy(db);
    double rate = phase.rate();
    double after = plainCopy(db);
    return new Phase(rate, Math.min(before, after));
  }

  private static int plainTables;

  /** The same rows by COPY into a fresh table, through the driver, as fast as the server takes. */
  private static double plainCopy(TargetDatabase db) throws Exception {
    byte[] data = copyText(0, ROWS);
    String table = "plain_" + ++plainTables;
    db.execute("CREATE TABLE " + table + DDL);
    try (Connection c = db.connect()) {
      long started = System.nanoTime();
      new CopyManager(c.unwrap(BaseConnection.class))
          .copyIn("COPY " + table + " FROM STDIN", new ByteArrayInputStream(data));
      return ROWS / ((System.nanoTime() - started) / 1e9);
    }
  }

  private static double load(PgcarrySinkTask task) {
    FullLoadRecords records = new FullLoadRecords();
    List<List<SinkRecord>> batches = new ArrayList<>();
    for (int start = 0; start < ROWS; start += BATCH) {
      batches.add(
          new ArrayList<>(
              records.copyRecords(
                  "public", "loaded", COLUMNS, "0/1000", copyText(start, BATCH), 1000)));
    }
    batches.get(batches.size() - 1).add(records.end("public", "loaded", "0/1000", ROWS));
    long applyNanos = 0;
    for (List<SinkRecord> batch : batches) {
      long started = System.nanoTime();
      task.put(batch);
      applyNanos += System.nanoTime() - started;
    }
    return ROWS / (applyNanos / 1e9);
  }

  private static final List<String> COLUMNS =
      List.of("id", "customer", "amount", "note", "created");

  private static byte[] copyText(int from, int count) {
    StringBuilder text = new StringBuilder();
    for (long id = from; id < from + count; id++) {
      text.append(id)
          .append('\t')
          .append(id % 1000)
          .append("\t12.50\tnote ")
          .append(id)
          .append("\t2024-01-01 00:00:00+00\n");
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static double apply(PgcarrySinkTask task, DebeziumTable table, boolean snapshot) {
    long applyNanos = 0;
    for (int start = 0; start < ROWS; start += BATCH) {
      List<SinkRecord> batch = new ArrayList<>(BATCH);
      for (long id = start; id < start + BATCH; id++) {
        Object[] row = {
          id,
          (int) (id % 1000),
          "12.50",
          snapshot ? "note " + id : "updated " + id,
          "2024-01-01T00:00:00Z"
        };
        batch.add(snapshot ? table.read(row) : table.update(null, row));
      }
      long started = System.nanoTime();
      task.put(batch);
      applyNanos += System.nanoTime() - started;
    }
    return ROWS / (applyNanos / 1e9);
  }
}
