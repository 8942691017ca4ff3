package io.pgcarry.bench;

import java.time.Duration;

/**
 * Writes transactions of one {@link Shape} to the benchmark's source database. Implementations are
 * not thread-safe; one run at a time.
 */
interface Workload {

  /** Clients of the measurements at a rate and of the drain's backlog. */
  int CLIENTS = 2;

  /**
   * Runs the workload.
   *
   * @param duration how long it writes
   * @param transactionsPerSecond the rate to hold, or 0 for as fast as the source takes them
   * @param clients the connections writing at once
   * @return the transactions committed
   * @throws IllegalStateException naming the tool and its output when the workload fails
   */
  long run(Shape shape, Duration duration, double transactionsPerSecond, int clients)
      throws Exception;

  /** What writes, for the report: the tool. */
  String description();
}
