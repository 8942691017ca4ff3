package io.pgcarry.source.stream;

import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.pgcarry.common.Lsn;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;

/**
 * Debezium's PostgreSQL streaming, reused whole: a {@link PostgresConnectorTask} that pgcarry's
 * task drives, whose records pass through a {@link ChangeStamper}. Not thread-safe apart from what
 * Connect calls concurrently on Debezium's task itself ({@code commitRecord}).
 */
public final class ChangeStream {

  private final PostgresConnectorTask debezium = new PostgresConnectorTask();
  private final Map<String, ?> partition;
  private ChangeStamper stamper;

  /**
   * @param partition Debezium's source partition, {@code {server: <topic.prefix>}}
   */
  public ChangeStream(Map<String, ?> partition) {
    this.partition = Map.copyOf(partition);
  }

  /**
   * Starts Debezium's task.
   *
   * @param snapshot the snapshot the stream follows, or null
   * @param floor the slot's confirmed position now, or null when the slot does not exist yet
   */
  public void start(
      SourceTaskContext context, Map<String, String> debeziumConfig, String snapshot, Lsn floor) {
    SnapshotScopedContext scoped = new SnapshotScopedContext(context, snapshot);
    Map<String, Object> resumed = scoped.offsetStorageReader().offset(partition);
    stamper = new ChangeStamper(partition, snapshot, floor, resumed);
    debezium.initialize(scoped);
    debezium.start(debeziumConfig);
  }

  public List<SourceRecord> poll() throws InterruptedException {
    List<SourceRecord> records = debezium.poll();
    return records == null || records.isEmpty() ? records : stamper.stamp(records);
  }

  /** Whether a record is one of this stream's (and so Debezium's to acknowledge). */
  public boolean owns(SourceRecord record) {
    return partition.equals(record.sourcePartition());
  }

  public void commitRecord(SourceRecord record, RecordMetadata metadata)
      throws InterruptedException {
    debezium.commitRecord(record, metadata);
  }

  public void commit() throws InterruptedException {
    debezium.commit();
  }

  public void stop() {
    debezium.stop();
  }
}
