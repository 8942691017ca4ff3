package io.pgcarry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.sink.testing.DebeziumTable;
import io.pgcarry.sink.testing.RecordingContext;
import io.pgcarry.sink.testing.TargetDatabase;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Applies a snapshot of 100,000 rows and then 100,000 updates in put() batches of 10,000, as
 * Connect delivers them, and reports rows per second. The floor is far below what set-based
 * statements reach, so only a return to row-at-a-time writes fails it.
 */
class ThroughputIT {

  private static final int ROWS = 100_000;
  private static final int BATCH = 10_000;

  @Test
  void appliesSnapshotAndUpdatesSetBased(TestInfo info) throws Exception {
    TargetDatabase db = TargetDatabase.create(info.getTestMethod().orElseThrow().getName());
    db.execute(
        "CREATE TABLE orders (id bigint PRIMARY KEY, customer int, amount numeric(12,2),"
            + " note text, created timestamptz)");
    DebeziumTable orders =
        DebeziumTable.table("public", "orders")
            .key("id", SchemaBuilder.int64(), "INT8")
            .column("customer", SchemaBuilder.int32(), "INT4")
            .column("amount", SchemaBuilder.string(), "NUMERIC")
            .column("note", SchemaBuilder.string(), "TEXT")
            .column(
                "created",
                SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp"),
                "TIMESTAMPTZ")
            .build();
    PgcarrySinkTask task = db.startTask(new RecordingContext(false), orders.topic());
    try {
      double snapshotRate = apply(task, orders, true);
      double updateRate = apply(task, orders, false);
      System.out.printf(
          "pgcarry sink throughput: snapshot %.0f rows/s, updates %.0f rows/s%n",
          snapshotRate, updateRate);

      assertThat(db.count("orders")).isEqualTo(ROWS);
      assertThat(db.value("SELECT count(*) FROM orders WHERE note = 'updated'"))
          .isEqualTo(Integer.toString(ROWS));
    } finally {
      task.stop();
    }
  }

  private static double apply(PgcarrySinkTask task, DebeziumTable orders, boolean snapshot) {
    long applyNanos = 0;
    for (int start = 0; start < ROWS; start += BATCH) {
      List<SinkRecord> batch = new ArrayList<>(BATCH);
      for (long id = start; id < start + BATCH; id++) {
        Object[] row = {
          id,
          (int) (id % 1000),
          "12.50",
          snapshot ? "note " + id : "updated",
          "2024-01-01T00:00:00Z"
        };
        batch.add(snapshot ? orders.read(row) : orders.update(null, row));
      }
      long started = System.nanoTime();
      task.put(batch);
      applyNanos += System.nanoTime() - started;
    }
    return ROWS / (applyNanos / 1e9);
  }
}
