package io.pgcarry.source.stream;

import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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
  private final boolean markers;
  private ChangeStamper stamper;
  private SchemaChangeRouter router;

  /**
   * @param partition Debezium's source partition, {@code {server: <topic.prefix>}}
   * @param markers whether Debezium's transaction markers go to its transaction topic
   */
  public ChangeStream(Map<String, ?> partition, boolean markers) {
    this.partition = Map.copyOf(partition);
    this.markers = markers;
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
    stamper = new ChangeStamper(partition, snapshot, floor, resumed, markers);
    debezium.initialize(scoped);
    debezium.start(debeziumConfig);
  }

  /**
   * Routes pgcarry's logical messages ({@link SchemaChangeRouter}): the online verification's chunk
   * markers, and the event trigger's for a migration that captures DDL; call before {@link #start}.
   *
   * @param migration the migration whose messages are routed
   * @param topics the change topic of each table
   * @param published the tables the publication holds now, or null when the migration does not
   *     capture DDL
   */
  public void routeMessages(
      String migration, Function<TableId, String> topics, Set<TableId> published) {
    router = new SchemaChangeRouter(migration, topics, published);
  }

  public List<SourceRecord> poll() throws InterruptedException {
    List<SourceRecord> records = debezium.poll();
    if (records == null || records.isEmpty()) {
      return records;
    }
    return stamper.stamp(router == null ? records : router.route(records));
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
