package io.pgcarry.sink.metrics;

import java.util.Map;

/**
 * What one sink task exposes over JMX as {@code
 * io.pgcarry:type=sink-task-metrics,migration=…,task=…}.
 */
public interface SinkTaskMetricsMXBean {

  /**
   * Changes applied, by {@code schema.table KIND} where KIND is the change event's kind (READ,
   * CREATE, UPDATE, DELETE, TRUNCATE).
   */
  Map<String, Long> getChangesApplied();

  /** Total changes applied since the task started. */
  long getTotalChangesApplied();

  /** Batches (put calls with change events) applied. */
  long getBatchesApplied();

  /** Change events in the last batch. */
  long getLastBatchSize();

  /** Change events in the largest batch. */
  long getMaxBatchSize();

  /** Milliseconds the last batch took to apply and commit. */
  double getLastApplyMillis();

  /** Mean milliseconds per batch. */
  double getMeanApplyMillis();

  /** Statements run to apply the batches (fewer than changes: statements are set-based). */
  long getStatementsExecuted();

  /** Batches retried after a transient failure. */
  long getRetries();

  /** The source LSN of the last change applied, as X/Y, or empty. */
  String getLastAppliedSourceLsn();

  /** The source commit time of the last change applied, ISO-8601, or empty. */
  String getLastAppliedSourceCommitTime();
}
