package io.pgcarry.source.snapshot;

import java.util.concurrent.TimeUnit;

/**
 * Keeps the full load's reading under a number of bytes per second, over all its workers, so that a
 * migration leaves the source's disks and network to the application ({@code
 * snapshot.max.bytes.per.second}). Each reader asks for the bytes it read and waits until they fit
 * the rate. Thread-safe.
 */
final class ReadThrottle {

  /** No limit. */
  static final ReadThrottle NONE = new ReadThrottle(0);

  private final long bytesPerSecond;
  private long nextFree = System.nanoTime();

  /**
   * @param bytesPerSecond the rate, or 0 for no limit
   */
  ReadThrottle(long bytesPerSecond) {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("a rate cannot be negative: " + bytesPerSecond);
    }
    this.bytesPerSecond = bytesPerSecond;
  }

  /**
   * Waits until {@code bytes} more fit the rate. An interrupt ends the wait and stays set, for the
   * caller to stop on.
   */
  void acquire(long bytes) {
    if (bytesPerSecond == 0 || bytes <= 0) {
      return;
    }
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      if (nextFree < now) {
        nextFree = now;
      }
      wait = nextFree - now;
      nextFree += TimeUnit.SECONDS.toNanos(1) * bytes / bytesPerSecond;
    }
    if (wait > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
