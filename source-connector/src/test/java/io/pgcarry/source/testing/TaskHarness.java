package io.pgcarry.source.testing;

import io.pgcarry.local.LocalPostgres;
import io.pgcarry.source.PgcarrySourceConnector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Runs pgcarry's source task the way a Connect worker does, without Kafka: the connector makes the
 * task's configuration, the task is polled here, and the offsets a worker would have committed are
 * kept in memory across restarts of the task. The tests' one way to run the source task, in this
 * module's tests and, through its test-jar, the sink's ({@code SourcePipeline}). A test decides
 * when offsets are committed ({@link #commit}), and so where a restarted task resumes. Not
 * thread-safe.
 */
public final class TaskHarness implements AutoCloseable {

  private final Map<String, String> config;
  private final Map<Map<String, ?>, Map<String, ?>> committed = new HashMap<>();
  private SourceTask task;

  private TaskHarness(Map<String, String> config) {
    this.config = config;
  }

  /** The settings a migration gives the connector, for one database of a local server. */
  public static Map<String, String> settings(LocalPostgres source, String database, String slot) {
    Map<String, String> config = new HashMap<>();
    config.put("name", slot);
    config.put("connector.class", PgcarrySourceConnector.class.getName());
    config.put("database.hostname", "127.0.0.1");
    config.put("database.port", Integer.toString(source.port()));
    config.put("database.user", LocalPostgres.SUPERUSER);
    config.put("database.password", LocalPostgres.SUPERUSER);
    config.put("database.dbname", database);
    config.put("topic.prefix", slot);
    config.put("slot.name", slot);
    config.put("publication.name", slot);
    return config;
  }

  /** Starts a task with no committed offsets. */
  public static TaskHarness start(Map<String, String> config) throws ReflectiveOperationException {
    TaskHarness harness = new TaskHarness(config);
    harness.restart();
    return harness;
  }

  /** Stops the task, if running, and starts a new one from the committed offsets. */
  public void restart() throws ReflectiveOperationException {
    if (task != null) {
      task.stop();
    }
    PgcarrySourceConnector connector = new PgcarrySourceConnector();
    connector.start(config);
    Map<String, String> taskConfig = connector.taskConfigs(1).get(0);
    task = (SourceTask) connector.taskClass().getDeclaredConstructor().newInstance();
    task.initialize(new Context(taskConfig));
    task.start(taskConfig);
  }

  /** Polls the task once, as the worker does; empty when it had nothing. */
  public List<SourceRecord> poll() throws InterruptedException {
    List<SourceRecord> polled = task.poll();
    return polled == null ? List.of() : polled;
  }

  /** Polls until the records polled so far satisfy {@code done}. */
  public List<SourceRecord> pollUntil(Predicate<List<SourceRecord>> done, Duration timeout)
      throws InterruptedException {
    List<SourceRecord> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(out)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the task produced only " + out.size() + " records in " + timeout);
      }
      out.addAll(poll());
    }
    return out;
  }

  /**
   * Acknowledges records to the task, as the producer does once Kafka has them, and commits the
   * offsets of {@code upTo} (a prefix of them, or all), as the worker's offset flush does; then
   * lets the task commit, as the worker does after a flush.
   */
  public void commit(List<SourceRecord> acknowledged, int upTo) throws InterruptedException {
    for (SourceRecord record : acknowledged) {
      task.commitRecord(record, null);
    }
    for (SourceRecord record : acknowledged.subList(0, upTo)) {
      if (record.sourcePartition() != null && record.sourceOffset() != null) {
        committed.put(record.sourcePartition(), record.sourceOffset());
      }
    }
    task.commit();
  }

  @Override
  public void close() {
    if (task != null) {
      task.stop();
      task = null;
    }
  }

  private final class Context implements SourceTaskContext {
    private final Map<String, String> configs;

    Context(Map<String, String> configs) {
      this.configs = configs;
    }

    @Override
    public Map<String, String> configs() {
      return configs;
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
      return new OffsetStorageReader() {
        @Override
        @SuppressWarnings("unchecked")
        public <T> Map<String, Object> offset(Map<String, T> partition) {
          Map<String, ?> offset = committed.get(partition);
          return offset == null ? null : new HashMap<>((Map<String, Object>) offset);
        }

        @Override
        public <T> Map<Map<String, T>, Map<String, Object>> offsets(
            Collection<Map<String, T>> partitions) {
          Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
          for (Map<String, T> partition : partitions) {
            result.put(partition, offset(partition));
          }
          return result;
        }
      };
    }

    @Override
    public PluginMetrics pluginMetrics() {
      return null;
    }
  }
}
