package io.pgcarry.sink.metrics;

import io.pgcarry.sink.apply.ApplyStep;
import io.pgcarry.sink.event.ChangeEvent;
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

  /** Counts one applied batch. */
  public void batchApplied(
      List<ApplyStep> steps, int eventCount, long nanos, List<ChangeEvent> events) {
    for (ChangeEvent event : events) {
      String key = event.table().quoted() + " " + event.kind();
      changes.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }
    steps.forEach(step -> statements.incrementAndGet());
    total.addAndGet(eventCount);
    if (eventCount > 0) {
      batches.incrementAndGet();
      lastBatchSize = eventCount;
      maxBatchSize = Math.max(maxBatchSize, eventCount);
      lastNanos = nanos;
      totalNanos.addAndGet(nanos);
    }
    for (int i = events.size() - 1; i >= 0; i--) {
      ChangeEvent last = events.get(i);
      if (last.source().lsn() != null) {
        lastLsn = last.source().lsn().toString();
        Long commit = last.source().commitTimeMillis();
        lastCommit = commit == null ? "" : Instant.ofEpochMilli(commit).toString();
        break;
      }
    }
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
