package io.pgcarry.migrate.probes;

import java.util.List;

/**
 * End-to-end latency, from the commit of a change on the source to its apply on the target, over
 * the last minute; each sample is a batch the sink applied, measured on its last change.
 *
 * @param samples batches applied in the window
 * @param p50Millis median latency in the window, or null without samples
 * @param p99Millis 99th percentile in the window, or null without samples
 * @param buckets cumulative counts of every sample since {@code migrate} started, by upper bound in
 *     seconds, as Prometheus histograms count
 * @param count every sample since {@code migrate} started
 * @param sumSeconds their sum
 */
public record Latency(
    long samples,
    Long p50Millis,
    Long p99Millis,
    List<Bucket> buckets,
    long count,
    double sumSeconds) {

  public Latency {
    buckets = List.copyOf(buckets);
  }

  /** Samples at or below {@code le} seconds, as Prometheus writes it ({@code +Inf} last). */
  public record Bucket(String le, long count) {}
}
