package io.pgcarry.source;

import io.debezium.config.CommonConnectorConfig;
import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.relational.TableId;
import io.debezium.spi.topic.TopicNamingStrategy;
import io.pgcarry.common.Connections;
import io.pgcarry.common.Lsn;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.ReplicationSlot;
import io.pgcarry.source.snapshot.FullLoad;
import io.pgcarry.source.snapshot.FullLoadRecords;
import io.pgcarry.source.snapshot.FullLoadStarter;
import io.pgcarry.source.snapshot.Publication;
import io.pgcarry.source.stream.ChangeStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source task: the full load ({@link FullLoad}, with {@code snapshot.format=copy}), then
 * Debezium's streaming from the slot's consistent point ({@link ChangeStream}). A full load that
 * was interrupted is started again from a new slot; one that completed is never read again, which
 * the full load's own offset records.
 *
 * <p>When the source is lost (a restart, a dropped connection: {@link SourceRestarts#isTransient})
 * the task keeps running: it stops what it was doing and starts it again after a back-off, a full
 * load from a new snapshot (the exported one died with its connection), the stream from the offsets
 * Connect committed and the slot's confirmed position at that moment. Any other failure stops the
 * task with what failed and why.
 */
public class PgcarrySourceTask extends SourceTask {

  private static final Logger LOG = LoggerFactory.getLogger(PgcarrySourceTask.class);
  private static final Duration FULL_LOAD_POLL = Duration.ofMillis(500);

  private SourceConfig config;
  private Map<String, String> debeziumConfig;
  private PostgresConnectorConfig debezium;
  private PostgresConnectorConfig selection;
  private SourceRestarts restarts;
  private Map<String, String> fullLoadPartition;
  private boolean loadComplete;
  private FullLoad fullLoad;
  private volatile ChangeStream stream;
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
    // The tables and columns the full load reads: the configured lists, which streaming with
    // ddl.capture leaves to the publication.
    selection = new PostgresConnectorConfig(Configuration.from(SourceDefaults.apply(props)));
    restarts =
        new SourceRestarts(
            Duration.ofMillis(
                debezium.getConfig().getLong(CommonConnectorConfig.RETRIABLE_RESTART_WAIT)),
            debezium.getMaxRetriesOnError());
    if (config.snapshotFormat() != SnapshotFormat.COPY) {
      loadComplete = true;
    } else {
      readFullLoadOffset();
    }
    // The slot exists when start returns, unless the source cannot be reached: then the first
    // polls try again.
    try {
      startWork();
    } catch (RuntimeException e) {
      recover(e);
    }
  }

  /** Whether the full load completed, from its own offset. */
  private void readFullLoadOffset() {
    fullLoadPartition = FullLoadRecords.partition(debezium.getLogicalName());
    Map<String, Object> offset = context.offsetStorageReader().offset(fullLoadPartition);
    if (offset != null && Boolean.TRUE.equals(offset.get(FullLoadRecords.OFFSET_COMPLETE))) {
      snapshot = (String) offset.get(FullLoadRecords.OFFSET_SNAPSHOT);
      loadComplete = true;
      LOG.info("Full load from snapshot {} is complete; streaming", snapshot);
    }
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    if (!restarts.ready()) {
      restarts.pause();
      return List.of();
    }
    try {
      List<SourceRecord> records = pollSource();
      if (records != null && !records.isEmpty()) {
        restarts.succeeded();
      }
      return records;
    } catch (RuntimeException e) {
      recover(e);
      return List.of();
    }
  }

  /**
   * After a failure: when the source was lost, stops the work to start it again after the back-off;
   * otherwise stops the task.
   *
   * @throws ConnectException, never a retriable one, when the failure is not the source's loss
   */
  private void recover(RuntimeException e) {
    String what = loadComplete ? "Streaming from slot " + debezium.slotName() : "The full load";
    stopWork();
    if (!SourceRestarts.isTransient(e)) {
      // Never a RetriableException from here: Connect would poll again, and Debezium restart
      // itself with the position floor of its first start.
      ConnectException failure =
          new ConnectException(what + " failed: " + SourceRestarts.headline(e), e);
      LOG.error("{}", failure.getMessage(), e);
      throw failure;
    }
    restarts.failed(what, e);
  }

  /** Starts the full load, or the stream once the load is complete, unless it runs. */
  private void startWork() {
    if (!loadComplete && fullLoad == null) {
      startFullLoad();
    } else if (loadComplete && stream == null) {
      startStream();
    }
  }

  /** The next records: the full load's until it is complete, then the stream's. */
  private List<SourceRecord> pollSource() throws InterruptedException {
    startWork();
    if (!loadComplete) {
      List<SourceRecord> records = fullLoad.poll(FULL_LOAD_POLL);
      if (fullLoad.finished()) {
        // Streaming starts at the next poll, once Connect has the load's last records.
        fullLoad.close();
        fullLoad = null;
        loadComplete = true;
      }
      return records;
    }
    return stream.poll();
  }

  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata)
      throws InterruptedException {
    ChangeStream current = stream;
    if (current != null && current.owns(record)) {
      current.commitRecord(record, metadata);
    }
  }

  @Override
  public void commit() throws InterruptedException {
    ChangeStream current = stream;
    if (current != null) {
      current.commit();
    }
  }

  @Override
  public void stop() {
    stopWork();
  }

  /** Stops the full load or the stream, whichever runs; the next poll starts it again. */
  private void stopWork() {
    if (fullLoad != null) {
      fullLoad.close();
      fullLoad = null;
    }
    ChangeStream current = stream;
    stream = null;
    if (current != null) {
      current.stop();
    }
  }

  private void startFullLoad() {
    try {
      fullLoad = FullLoadStarter.start(fullLoadSettings(fullLoadPartition));
      snapshot = fullLoad.snapshot().consistentPoint().toString();
    } catch (SQLException e) {
      throw new ConnectException("Failed to start the full load: " + e.getMessage(), e);
    }
  }

  private void startStream() {
    Lsn confirmed;
    Set<io.pgcarry.common.TableId> published;
    try (Connection connection = Connections.open(sourceUri(), "source")) {
      confirmed = confirmedFlush(connection);
      published = config.ddlCapture() ? publishedTables(connection) : null;
    } catch (SQLException e) {
      throw new ConnectException("Cannot read replication slot " + debezium.slotName(), e);
    }
    LOG.info(
        "Streaming from slot {} (confirmed up to {}) after {}",
        debezium.slotName(),
        confirmed,
        snapshot != null ? "snapshot " + snapshot : "no snapshot of pgcarry's");
    ChangeStream starting =
        new ChangeStream(Map.of("server", debezium.getLogicalName()), config.transactionTopic());
    starting.routeMessages(debezium.getLogicalName(), topics(), published);
    starting.start(context, debeziumConfig, snapshot, confirmed);
    stream = starting;
  }

  /**
   * The slot's confirmed position before Debezium starts streaming from it, read anew at every
   * start, so that the first transactions' positions are not behind what the slot has confirmed.
   * The walsender of an earlier connection may still hold the slot for a moment; waiting for its
   * release ({@link ReplicationSlot#awaitRelease}) spares Debezium its retries, which are ten
   * seconds apart. A slot still in use after that is left to Debezium's retries.
   *
   * @throws ConnectException when the slot that the full load created is gone or was invalidated:
   *     the changes since the snapshot cannot all be streamed any more
   */
  private Lsn confirmedFlush(Connection connection) {
    try {
      var state = new ReplicationSlot(debezium.slotName()).awaitRelease(connection);
      if (state.isEmpty()) {
        if (config.snapshotFormat() == SnapshotFormat.NONE) {
          throw new ConnectException(
              "Replication slot "
                  + debezium.slotName()
                  + " does not exist; with snapshot.format=none the task streams from a slot"
                  + " created beforehand, at the position its changes must start from (pgcarry"
                  + " cutover --fallback creates it). Creating one now would miss the changes"
                  + " committed before it");
        }
        if (snapshot != null) {
          throw new ConnectException(slotUnusable("no longer exists"));
        }
        return null;
      }
      if (state.get().lost()) {
        throw new ConnectException(
            slotUnusable(
                "was invalidated by the source: it kept more WAL than max_slot_wal_keep_size"
                    + " allows, and the WAL it needed was removed"));
      }
      return state.get().confirmedFlush();
    } catch (SQLException e) {
      throw new ConnectException("Cannot read replication slot " + debezium.slotName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while waiting for the slot to be free", e);
    }
  }

  private String slotUnusable(String what) {
    return "Replication slot "
        + debezium.slotName()
        + " "
        + what
        + "; the changes committed since snapshot "
        + snapshot
        + " cannot all be streamed, so the target would miss some. Start the migration again:"
        + " drop the slot if it remains (pgcarry cleanup), delete the connector's offsets, and"
        + " migrate anew";
  }

  /** The tables the publication holds now: the topics the first captured DDL goes to. */
  private Set<io.pgcarry.common.TableId> publishedTables(Connection connection) {
    try {
      return Publication.tables(connection, debezium.publicationName());
    } catch (SQLException e) {
      throw new ConnectException(
          "Cannot read the tables of publication " + debezium.publicationName(), e);
    }
  }

  private Function<io.pgcarry.common.TableId, String> topics() {
    TopicNamingStrategy<TableId> topics =
        debezium.getTopicNamingStrategy(CommonConnectorConfig.TOPIC_NAMING_STRATEGY);
    return id -> topics.dataChangeTopic(new TableId(null, id.schema(), id.table()));
  }

  private PgUri sourceUri() {
    return SourceConfig.sourceUri(debeziumConfig);
  }

  private FullLoadStarter.Settings fullLoadSettings(Map<String, String> partition) {
    Function<io.pgcarry.common.TableId, String> topics = topics();
    var tableFilter = selection.getTableFilters().dataCollectionFilter();
    var columnFilter = selection.getColumnFilter();
    return new FullLoadStarter.Settings(
        sourceUri(),
        debezium.slotName(),
        debezium.publicationName(),
        id -> tableFilter.isIncluded(new TableId(null, id.schema(), id.table())),
        (id, column) -> columnFilter.matches(null, id.schema(), id.table(), column),
        topics,
        config.snapshotWorkers(),
        config.chunkBytes(),
        config.recordBytes(),
        config.maxBytesPerSecond(),
        partition);
  }
}
