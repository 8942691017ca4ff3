package io.pgcarry.status;

import io.pgcarry.migrate.state.MigrationStatus;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The lag over time, for the status page's chart: one point per status sample, the last {@link
 * #POINTS} kept. Thread-safe.
 */
final class LagHistory {

  /** Thirty minutes at one point every two seconds. */
  static final int POINTS = 900;

  private final Deque<Point> points = new ArrayDeque<>();

  /**
   * One moment of the lag.
   *
   * @param at when the status was written
   * @param records records in Kafka not yet applied
   * @param bytesBehind WAL behind the source's current position, or null without a slot
   * @param p99Millis end-to-end latency p99 over the minute before, or null
   */
  record Point(Instant at, long records, Long bytesBehind, Long p99Millis) {}

  synchronized void add(MigrationStatus status) {
    if (!points.isEmpty() && !status.updatedAt().isAfter(points.peekLast().at())) {
      return;
    }
    points.addLast(
        new Point(
            status.updatedAt(),
            status.lagRecords(),
            status.slot() == null ? null : status.slot().bytesBehind(),
            status.latency() == null ? null : status.latency().p99Millis()));
    while (points.size() > POINTS) {
      points.removeFirst();
    }
  }

  synchronized List<Point> points() {
    return List.copyOf(points);
  }
}
