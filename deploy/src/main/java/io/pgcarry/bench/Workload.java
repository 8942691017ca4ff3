package io.pgcarry.bench;

import java.time.Duration;

/**
 * Writes pgbench's TPC-B-like transactions to the benchmark's source database: each updates an
 * account, a teller and a branch and inserts a history row, four row changes. Implementations are
 * not thread-safe; one run at a time.
 */
interface Workload {

  /** Row changes one transaction makes. */
  int CHANGES_PER_TRANSACTION = 4;

  /**
   * Runs the workload.
   *
   * @param duration how long it writes
   * @param transactionsPerSecond the rate to hold, or 0 for as fast as the source takes them
   * @return the transactions committed
   * @throws IllegalStateException naming the tool and its output when the workload fails
   */
  long run(Duration duration, double transactionsPerSecond) throws Exception;

  /** What writes, for the report: the tool and its clients. */
  String description();
}
