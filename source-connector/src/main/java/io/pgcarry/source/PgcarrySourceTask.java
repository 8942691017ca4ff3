package io.pgcarry.source;

import io.debezium.config.CommonConnectorConfig;
import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.relational.TableId;
import io.debezium.spi.topic.TopicNamingStrategy;
import io.pgcarry.common.Connections;
import io.pgcarry.common.Lsn;
import io.pgcarry.common.PgUri;
import io.pgcarry.source.snapshot.FullLoad;
import io.pgcarry.source.snapshot.FullLoadRecords;
import io.pgcarry.source.snapshot.FullLoadStarter;
import io.pgcarry.source.snapshot.SourceCatalog;
import io.pgcarry.source.stream.ChangeStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source task: the full load ({@link FullLoad}, with {@code snapshot.format=copy}), then
 * Debezium's streaming from the slot's consistent point ({@link ChangeStream}). A full load that
 * was interrupted is started again from a new slot; one that completed is never read again, which
 * the full load's own offset records.
 */
public class PgcarrySourceTask extends SourceTask {

  private static final Logger LOG = LoggerFactory.getLogger(PgcarrySourceTask.class);
  private static final Duration FULL_LOAD_POLL = Duration.ofMillis(500);
  private static final Duration SLOT_RELEASE = Duration.ofSeconds(15);

  private SourceConfig config;
  private Map<String, String> debeziumConfig;
  private PostgresConnectorConfig debezium;
  private FullLoad fullLoad;
  private ChangeStream stream;
  private String snapshot;

  @Override
  public String version() {
    return PgcarrySourceConnector.VERSION;
  }

  @Override
  public void start(Map<String, String> props) {
    config = new SourceConfig(props);
    debeziumConfig = SourceDefaults.forStreaming(props, config.snapshotFormat());
    debezium = new PostgresConnectorConfig(Configuration.from(debeziumConfig));
    if (config.snapshotFormat() == SnapshotFormat.EVENTS) {
      startStream();
      return;
    }
    Map<String, String> partition = FullLoadRecords.partition(debezium.getLogicalName());
    Map<String, Object> offset = context.offsetStorageReader().offset(partition);
    if (offset != null && Boolean.TRUE.equals(offset.get(FullLoadRecords.OFFSET_COMPLETE))) {
      snapshot = (String) offset.get(FullLoadRecords.OFFSET_SNAPSHOT);
      LOG.info("Full load from snapshot {} is complete; streaming", snapshot);
      startStream();
      return;
    }
    try {
      fullLoad = FullLoadStarter.start(fullLoadSettings(props, partition));
      snapshot = fullLoad.snapshot().consistentPoint().toString();
    } catch (SQLException e) {
      throw new ConnectException("Failed to start the full load: " + e.getMessage(), e);
    }
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    if (fullLoad != null) {
      List<SourceRecord> records = fullLoad.poll(FULL_LOAD_POLL);
      if (fullLoad.finished()) {
        // Streaming starts at the next poll, once Connect has the load's last records.
        fullLoad.close();
        fullLoad = null;
      }
      return records;
    }
    if (stream == null) {
      startStream();
    }
    return stream.poll();
  }

  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata)
      throws InterruptedException {
    if (stream != null && stream.owns(record)) {
      stream.commitRecord(record, metadata);
    }
  }

  @Override
  public void commit() throws InterruptedException {
    if (stream != null) {
      stream.commit();
    }
  }

  @Override
  public void stop() {
    if (fullLoad != null) {
      fullLoad.close();
      fullLoad = null;
    }
    if (stream != null) {
      stream.stop();
    }
  }

  private void startStream() {
    Lsn confirmed = confirmedFlush();
    LOG.info(
        "Streaming from slot {} (confirmed up to {}) after snapshot {}",
        debezium.slotName(),
        confirmed,
        snapshot);
    ChangeStream starting = new ChangeStream(Map.of("server", debezium.getLogicalName()));
    starting.start(context, debeziumConfig, snapshot, confirmed);
    stream = starting;
  }

  /**
   * The slot's confirmed position before Debezium starts streaming from it. The walsender of the
   * full load's exporting connection may still hold the slot for a moment after that connection
   * closed; waiting here spares Debezium its retries, which are ten seconds apart.
   */
  private Lsn confirmedFlush() {
    long deadline = System.nanoTime() + SLOT_RELEASE.toNanos();
    try (Connection connection = Connections.open(sourceUri(), "source")) {
      while (true) {
        var state = SourceCatalog.slot(connection, debezium.slotName());
        if (state.isEmpty()) {
          return null;
        }
        if (!state.get().active() || System.nanoTime() > deadline) {
          return state.get().confirmedFlush();
        }
        Thread.sleep(100);
      }
    } catch (SQLException e) {
      throw new RetriableException("Cannot read replication slot " + debezium.slotName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while waiting for the slot to be free", e);
    }
  }

  private PgUri sourceUri() {
    return SourceConfig.sourceUri(debeziumConfig);
  }

  private FullLoadStarter.Settings fullLoadSettings(
      Map<String, String> props, Map<String, String> partition) {
    TopicNamingStrategy<TableId> topics =
        debezium.getTopicNamingStrategy(CommonConnectorConfig.TOPIC_NAMING_STRATEGY);
    var tableFilter = debezium.getTableFilters().dataCollectionFilter();
    var columnFilter = debezium.getColumnFilter();
    return new FullLoadStarter.Settings(
        sourceUri(),
        debezium.slotName(),
        debezium.publicationName(),
        id -> tableFilter.isIncluded(new TableId(null, id.schema(), id.table())),
        (id, column) -> columnFilter.matches(null, id.schema(), id.table(), column),
        id -> topics.dataChangeTopic(new TableId(null, id.schema(), id.table())),
        config.snapshotWorkers(),
        config.chunkBytes(),
        config.recordBytes(),
        partition);
  }
}
