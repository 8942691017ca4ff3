package io.pgcarry.sink.metrics;

import io.pgcarry.sink.event.Change;
import io.pgcarry.sink.event.ChangeEvent;
import io.pgcarry.sink.event.FullLoadRecord;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink task's counters, registered as an MXBean while the task runs. Written by the task thread,
 * read by JMX threads: fields are atomic or volatile.
 */
public final class SinkTaskMetrics implements SinkTaskMetricsMXBean, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SinkTaskMetrics.class);

  private final Map<String, AtomicLong> changes = new ConcurrentHashMap<>();
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong replaysSkipped = new AtomicLong();
  private final AtomicLong schemaChanges = new AtomicLong();
  private final AtomicLong rowsLoaded = new AtomicLong();
  private final AtomicLong changeByChange = new AtomicLong();
  private volatile long heldChanges;
  private final AtomicLong totalNanos = new AtomicLong();
  private volatile long lastBatchSize;
  private volatile long maxBatchSize;
  private volatile long lastNanos;
  private volatile String lastLsn = "";
  private volatile String lastCommit = "";
  private ObjectName name;

  /** The JMX name of a task's metrics. */
  public static ObjectName objectName(String migration, String task) throws JMException {
    return new ObjectName(
        "io.pgcarry:type=sink-task-metrics,migration="
            + ObjectName.quote(migration)
            + ",task="
            + ObjectName.quote(task));
  }

  /** Registers with the platform MBean server, replacing a leftover of an earlier task. */
  public void register(String migration, String task) {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName candidate = objectName(migration, task);
      if (server.isRegistered(candidate)) {
        server.unregisterMBean(candidate);
      }
      server.registerMBean(this, candidate);
      name = candidate;
    } catch (JMException e) {
      LOG.warn("Cannot register sink task metrics: {}", e.getMessage());
    }
  }

  /**
   * Counts one applied batch.
   *
   * @param statementCount statements run
   * @param nanos how long applying and committing took
   * @param changes the changes applied
   */
  public void batchApplied(int statementCount, long nanos, List<Change> changes) {
    long events = 0;
    for (Change change : changes) {
      if (change instanceof ChangeEvent event) {
        count(event.table().quoted() + " " + event.kind(), 1);
        events++;
      } else if (change instanceof FullLoadRecord load && load.rows() > 0) {
        if (load.kind() == FullLoadRecord.Kind.COPY) {
          count(load.table().quoted() + " LOAD", load.rows());
          rowsLoaded.addAndGet(load.rows());
        }
      }
    }
    statements.addAndGet(statementCount);
    total.addAndGet(events);
    if (!changes.isEmpty()) {
      batches.incrementAndGet();
      lastBatchSize = changes.size();
      maxBatchSize = Math.max(maxBatchSize, changes.size());
      lastNanos = nanos;
      totalNanos.addAndGet(nanos);
    }
    for (int i = changes.size() - 1; i >= 0; i--) {
      if (changes.get(i) instanceof ChangeEvent last && last.source().lsn() != null) {
        lastLsn = last.source().lsn().toString();
        Long commit = last.source().commitTimeMillis();
        lastCommit = commit == null ? "" : Instant.ofEpochMilli(commit).toString();
        break;
      }
    }
  }

  private void count(String key, long n) {
    changes.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(n);
  }

  /** Counts changes skipped because they were applied before (sent again by the source). */
  public void replaysSkipped(long n) {
    replaysSkipped.addAndGet(n);
  }

  /** Counts a DDL command applied to the target. */
  public void schemaChangeApplied() {
    schemaChanges.incrementAndGet();
  }

  @Override
  public long getSchemaChangesApplied() {
    return schemaChanges.get();
  }

  /** Counts a batch that failed on a constraint as a whole and was applied change by change. */
  public void appliedChangeByChange() {
    changeByChange.incrementAndGet();
  }

  /** Sets how many changes are held for the rest of their source transaction. */
  public void held(long n) {
    heldChanges = n;
  }

  public void retried() {
    retries.incrementAndGet();
  }

  @Override
  public Map<String, Long> getChangesApplied() {
    Map<String, Long> copy = new TreeMap<>();
    changes.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  @Override
  public long getTotalChangesApplied() {
    return total.get();
  }

  @Override
  public long getBatchesApplied() {
    return batches.get();
  }

  @Override
  public long getLastBatchSize() {
    return lastBatchSize;
  }

  @Override
  public long getMaxBatchSize() {
    return maxBatchSize;
  }

  @Override
  public double getLastApplyMillis() {
    return lastNanos / 1e6;
  }

  @Override
  public double getMeanApplyMillis() {
    long n = batches.get();
    return n == 0 ? 0 : totalNanos.get() / 1e6 / n;
  }

  @Override
  public long getStatementsExecuted() {
    return statements.get();
  }

  @Override
  public long getRetries() {
    return retries.get();
  }

  @Override
  public long getReplaysSkipped() {
    return replaysSkipped.get();
  }

  @Override
  public long getBatchesAppliedChangeByChange() {
    return changeByChange.get();
  }

  @Override
  public long getRowsLoaded() {
    return rowsLoaded.get();
  }

  @Override
  public long getHeldChanges() {
    return heldChanges;
  }

  @Override
  public String getLastAppliedSourceLsn() {
    return lastLsn;
  }

  @Override
  public String getLastAppliedSourceCommitTime() {
    return lastCommit;
  }

  @Override
  public void close() {
    if (name != null) {
      try {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
      } catch (JMException e) {
        LOG.debug("Cannot unregister sink task metrics", e);
      }
      name = null;
    }
  }
}
