package io.pgcarry.sink.metrics;

import java.util.Map;

/**
 * What one sink task exposes over JMX as {@code
 * io.pgcarry:type=sink-task-metrics,migration=…,task=…}.
 */
public interface SinkTaskMetricsMXBean {

  /**
   * Changes applied, by {@code schema.table KIND} where KIND is the change event's kind (READ,
   * CREATE, UPDATE, DELETE, TRUNCATE), or LOAD for rows of full-load records.
   */
  Map<String, Long> getChangesApplied();

  /** Total change events applied since the task started (full-load rows not included). */
  long getTotalChangesApplied();

  /** Batches (put calls with change events) applied. */
  long getBatchesApplied();

  /** Change events and full-load records in the last batch. */
  long getLastBatchSize();

  /** Change events and full-load records in the largest batch. */
  long getMaxBatchSize();

  /** Milliseconds the last batch took to apply and commit. */
  double getLastApplyMillis();

  /** Mean milliseconds per batch. */
  double getMeanApplyMillis();

  /** Statements run to apply the batches (fewer than changes: statements are set-based). */
  long getStatementsExecuted();

  /** Batches retried after a transient failure. */
  long getRetries();

  /**
   * Changes skipped because they had been applied before: the source connector sent them again
   * after a restart, at new Kafka offsets.
   */
  long getReplaysSkipped();

  /**
   * Batches that failed on a constraint as a whole and then succeeded applied change by change in
   * source order; anything but 0 means the set-based plan was wrong for a table, which is worth a
   * report (the log has a warning for each).
   */
  long getBatchesAppliedChangeByChange();

  /** Rows of full-load records applied since the task started. */
  long getRowsLoaded();

  /**
   * Changes held in memory after the last batch until their source transaction's last change to the
   * same table arrives (tables with a deferrable constraint).
   */
  long getHeldChanges();

  /** DDL commands captured on the source and applied to the target since the task started. */
  long getSchemaChangesApplied();

  /** The source LSN of the last change applied, as X/Y, or empty. */
  String getLastAppliedSourceLsn();

  /** The source commit time of the last change applied, ISO-8601, or empty. */
  String getLastAppliedSourceCommitTime();
}
