package io.pgcarry.migrate.verify;

/**
 * Keeps the rows the online verification reads from the source under a rate, over all its
 * connections: each connection reports the rows of the chunk it read and is made to wait until the
 * rows read so far are within the rate since the start. Thread-safe.
 */
final class RowRate {

  private final long perSecond;
  private final long start = System.nanoTime();
  private long rows;

  /**
   * @param perSecond the most rows per second, 0 for no limit
   */
  RowRate(long perSecond) {
    if (perSecond < 0) {
      throw new IllegalArgumentException("a rate cannot be negative");
    }
    this.perSecond = perSecond;
  }

  /** Counts rows read, and waits until they are within the rate. */
  void read(long count) throws InterruptedException {
    long wait = reserve(count);
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  /** Counts rows read; returns the nanoseconds until they are within the rate. */
  private synchronized long reserve(long count) {
    if (perSecond == 0) {
      return 0;
    }
    rows += count;
    long due = start + (long) (rows * 1e9 / perSecond);
    return due - System.nanoTime();
  }
}
