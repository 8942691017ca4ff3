package io.pgcarry.migrate.probes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the sink's applied positions, read every second, into end-to-end latency samples: when a
 * partition's {@code applied_at} moved, the sink applied a batch, and {@code applied_at} minus the
 * source commit time of its last change is one sample. Source and target clocks are taken as equal.
 * Not thread-safe.
 */
final class LatencyWindow {

  static final Duration WINDOW = Duration.ofMinutes(1);
  private static final double[] BOUNDS = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300};

  private final Map<String, Instant> lastApplied = new HashMap<>();
  private final Deque<Sample> window = new ArrayDeque<>();
  private final long[] counts = new long[BOUNDS.length + 1];
  private long count;
  private double sumSeconds;

  private record Sample(Instant at, long millis) {}

  /**
   * Records a partition's position if it moved.
   *
   * @param partition topic and partition
   * @param commit the source commit time of the last change applied, or null for full-load rows
   * @param appliedAt when the sink applied it, on the target's clock
   */
  void observe(String partition, Instant commit, Instant appliedAt) {
    if (appliedAt == null || appliedAt.equals(lastApplied.put(partition, appliedAt))) {
      return;
    }
    if (commit == null) {
      return;
    }
    long millis = Math.max(0, Duration.between(commit, appliedAt).toMillis());
    window.addLast(new Sample(appliedAt, millis));
    double seconds = millis / 1000.0;
    for (int i = 0; i < BOUNDS.length; i++) {
      if (seconds <= BOUNDS[i]) {
        counts[i]++;
      }
    }
    counts[BOUNDS.length]++;
    count++;
    sumSeconds += seconds;
  }

  /** The window's percentiles as of {@code now}, and the histogram since the start. */
  Latency latency(Instant now) {
    while (!window.isEmpty() && window.peekFirst().at().isBefore(now.minus(WINDOW))) {
      window.removeFirst();
    }
    List<Long> sorted = window.stream().map(Sample::millis).sorted().toList();
    List<Latency.Bucket> buckets = new ArrayList<>();
    for (int i = 0; i < BOUNDS.length; i++) {
      buckets.add(new Latency.Bucket(Double.toString(BOUNDS[i]), counts[i]));
    }
    buckets.add(new Latency.Bucket("+Inf", counts[BOUNDS.length]));
    return new Latency(
        sorted.size(),
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        buckets,
        count,
        sumSeconds);
  }

  /** The nearest-rank percentile, or null without samples. */
  static Long percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
