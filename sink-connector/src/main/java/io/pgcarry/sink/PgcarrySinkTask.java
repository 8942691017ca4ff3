package io.pgcarry.sink;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.stream.DeferredKeyTable;
import io.pgcarry.sink.apply.ApplyFailure;
import io.pgcarry.sink.apply.ApplyPlanner;
import io.pgcarry.sink.apply.ChangeApplier;
import io.pgcarry.sink.apply.ChunkCheckStep;
import io.pgcarry.sink.apply.KeyBuilds;
import io.pgcarry.sink.apply.PlanningException;
import io.pgcarry.sink.event.ChangeEventReader;
import io.pgcarry.sink.event.ChunkMarkerReader;
import io.pgcarry.sink.event.TargetNaming;
import io.pgcarry.sink.metrics.SinkTaskMetrics;
import io.pgcarry.sink.position.PositionStore;
import io.pgcarry.sink.value.UnavailableValue;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies change events and full-load records to the target PostgreSQL database, exactly once: the
 * Connect shell around {@link BatchProcessor}, which does the work. On {@code open()} the consumer
 * is rewound to the positions stored on the target, and {@code preCommit()} reports those
 * positions, so Kafka's committed offsets never run ahead of the target (nor past changes held for
 * the rest of their source transaction).
 */
public class PgcarrySinkTask extends SinkTask {

  private static final Logger LOG = LoggerFactory.getLogger(PgcarrySinkTask.class);

  private SinkConfig config;
  private SinkTaskMetrics metrics;
  private ChangeApplier applier;
  private KeyBuilds keys;
  private BatchProcessor processor;
  private int failedAttempts;
  private Set<TopicPartition> paused = Set.of();

  @Override
  public String version() {
    return PgcarrySinkConnector.VERSION;
  }

  @Override
  public void start(Map<String, String> props) {
    config = new SinkConfig(props);
    LOG.info(
        "Starting pgcarry sink task {} of migration {} into {} (position table {})",
        config.taskId(),
        config.migrationName(),
        config.connectionUri(),
        config.positionTable());
    metrics = new SinkTaskMetrics();
    metrics.register(config.migrationName(), config.taskId());
    PgUri uri = quietErrors(config.connectionUri());
    applier =
        new ChangeApplier(
            () -> Connections.open(uri, "target"),
            new PositionStore(config.positionTable(), config.migrationName()),
            new ApplyPlanner(config.batchSize()),
            metrics,
            new ChunkCheckStep(config.positionTable(), config.migrationName()));
    ErrantRecordReporter reporter = errantRecordReporter();
    keys =
        new KeyBuilds(
            () -> Connections.open(uri, "target"),
            DeferredKeyTable.beside(config.positionTable()),
            config.migrationName(),
            config.maxRetries(),
            config.retryBackoff());
    processor =
        new BatchProcessor(
            new ChangeEventReader(new UnavailableValue(config.unavailableValuePlaceholder())),
            new ChunkMarkerReader(),
            new TargetNaming(config.nameMapping()),
            applier,
            metrics,
            reporter,
            config.ddlSkip(),
            keys);
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    // Connect pauses a partition again after a rebalance; the records it waited with are gone, and
    // it is read again from its stored position.
    Set<TopicPartition> reopened = new HashSet<>(paused);
    reopened.retainAll(partitions);
    if (!reopened.isEmpty()) {
      context.resume(reopened.toArray(TopicPartition[]::new));
      Set<TopicPartition> still = new HashSet<>(paused);
      still.removeAll(reopened);
      paused = Set.copyOf(still);
    }
    Map<TopicPartition, Long> rewind = openWithRetries(partitions);
    if (!rewind.isEmpty()) {
      LOG.info("Resuming {} partitions from the positions stored on the target", rewind.size());
      context.offset(rewind);
    }
  }

  /** Reading the positions must succeed before any record is consumed; retry while transient. */
  private Map<TopicPartition, Long> openWithRetries(Collection<TopicPartition> partitions) {
    for (int attempt = 1; ; attempt++) {
      try {
        return processor.open(partitions);
      } catch (ApplyFailure e) {
        if (!e.isTransient() || attempt > config.maxRetries()) {
          LOG.error("{}", e.getMessage());
          throw new ConnectException(e.getMessage(), e.getCause());
        }
        LOG.warn("{}; retry {} of {}", e.getMessage(), attempt, config.maxRetries());
        try {
          Thread.sleep(backoffMillis(attempt));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new ConnectException("Interrupted while reading the applied positions");
        }
      }
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    if (records.isEmpty() && !processor.waitingForKeys()) {
      return;
    }
    try {
      processor.process(records);
      failedAttempts = 0;
      pauseWaiting();
    } catch (ApplyFailure e) {
      if (e.isTransient() && failedAttempts < config.maxRetries()) {
        failedAttempts++;
        metrics.retried();
        long backoff = backoffMillis(failedAttempts);
        LOG.warn(
            "{}; retry {} of {} in {} ms",
            e.getMessage(),
            failedAttempts,
            config.maxRetries(),
            backoff);
        context.timeout(backoff);
        throw new RetriableException(e.getMessage(), e.getCause());
      }
      LOG.error("{}", e.getMessage());
      throw new ConnectException(e.getMessage(), e.getCause());
    } catch (PlanningException e) {
      LOG.error("{}", e.getMessage());
      throw new ConnectException(e.getMessage());
    }
  }

  /**
   * Pauses the partitions that wait at a DDL command for the others, so that their records do not
   * pile up in memory, and resumes the ones that passed it.
   */
  private void pauseWaiting() {
    Set<TopicPartition> waiting = processor.waiting();
    Set<TopicPartition> resume = new HashSet<>(paused);
    resume.removeAll(waiting);
    if (!resume.isEmpty()) {
      context.resume(resume.toArray(TopicPartition[]::new));
    }
    Set<TopicPartition> pause = new HashSet<>(waiting);
    pause.removeAll(paused);
    if (!pause.isEmpty()) {
      context.pause(pause.toArray(TopicPartition[]::new));
    }
    paused = Set.copyOf(waiting);
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    Map<TopicPartition, OffsetAndMetadata> committed = new LinkedHashMap<>();
    processor
        .appliedOffsets()
        .forEach(
            (partition, next) -> {
              if (currentOffsets.containsKey(partition)) {
                committed.put(partition, new OffsetAndMetadata(next));
              }
            });
    return committed;
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    if (processor != null) {
      processor.close(partitions);
    }
  }

  @Override
  public void stop() {
    if (keys != null) {
      keys.close();
    }
    if (applier != null) {
      applier.close();
    }
    if (metrics != null) {
      metrics.close();
    }
  }

  private long backoffMillis(int attempt) {
    long base = config.retryBackoff().toMillis();
    long max = config.retryBackoffMax().toMillis();
    long shifted = attempt >= 30 ? max : base << (attempt - 1);
    return Math.min(max, shifted < 0 ? max : shifted);
  }

  /** Error messages from the server must not carry row values into logs. */
  private static PgUri quietErrors(PgUri uri) {
    Map<String, String> parameters = new HashMap<>(uri.parameters());
    parameters.putIfAbsent("logServerErrorDetail", "false");
    return new PgUri(
        uri.user(), uri.password(), uri.host(), uri.port(), uri.database(), parameters);
  }

  private ErrantRecordReporter errantRecordReporter() {
    try {
      return context.errantRecordReporter();
    } catch (NoSuchMethodError | NoClassDefFoundError e) {
      return null;
    }
  }
}
