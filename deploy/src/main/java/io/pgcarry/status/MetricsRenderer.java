package io.pgcarry.status;

import io.pgcarry.migrate.probes.Latency;
import io.pgcarry.migrate.probes.SlotPosition;
import io.pgcarry.migrate.state.MigrationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /metrics}: pgcarry's own series, from the migration's last status, then the JMX metrics of
 * this JVM ({@link JmxMetrics}), in the Prometheus text format. Every pgcarry series carries the
 * label {@code migration}. Thread-safe.
 */
final class MetricsRenderer {

  private final String migration;
  private final JmxMetrics jmx = new JmxMetrics();

  MetricsRenderer(String migration) {
    this.migration = migration;
  }

  String render(Optional<MigrationStatus> status) {
    List<Sample> samples = new ArrayList<>();
    status.ifPresent(s -> own(s, samples));
    samples.addAll(jmx.collect());
    return PrometheusText.render(samples);
  }

  private void own(MigrationStatus status, List<Sample> out) {
    gauge(out, "pgcarry_up", "1 while migrate publishes its status", status.fresh() ? 1 : 0);
    gauge(
        out,
        "pgcarry_step",
        "the current step, as the step label",
        1,
        "step",
        status.step().label());
    gauge(
        out,
        "pgcarry_status_age_seconds",
        "seconds since migrate last published its status",
        Duration.between(status.updatedAt(), Instant.now()).toMillis() / 1000.0);
    lag(status, out);
    slot(status.slot(), out);
    latency(status.latency(), out);
    tables(status.tables(), out);
  }

  private void lag(MigrationStatus status, List<Sample> out) {
    gauge(out, "pgcarry_lag_records", "change records in Kafka not applied", status.lagRecords());
    counter(
        out,
        "pgcarry_applied_records_total",
        "change records applied to the target",
        status.appliedRecords());
    for (MigrationStatus.TopicLag topic : status.topicLag()) {
      gauge(
          out,
          "pgcarry_topic_lag_records",
          "records of a change topic not applied",
          topic.records(),
          "topic",
          topic.topic());
    }
    gauge(
        out,
        "pgcarry_no_delay",
        "1 when the target is caught up: cut over",
        status.noDelay() ? 1 : 0);
    gauge(out, "pgcarry_failed", "1 when a connector failed", status.failure() == null ? 0 : 1);
    if (status.heartbeatAgeSeconds() != null) {
      gauge(
          out,
          "pgcarry_heartbeat_age_seconds",
          "seconds since the source connector's last heartbeat",
          status.heartbeatAgeSeconds());
    }
  }

  private void slot(SlotPosition slot, List<Sample> out) {
    if (slot == null) {
      return;
    }
    gauge(
        out,
        "pgcarry_source_wal_bytes_behind",
        "WAL written on the source after the slot's confirmed position",
        slot.bytesBehind());
    gauge(
        out,
        "pgcarry_slot_retained_wal_bytes",
        "WAL the source keeps for the migration's slot",
        slot.retainedBytes());
    gauge(
        out,
        "pgcarry_slot_retained_wal_level",
        "retained WAL against the thresholds: 0 ok, 1 warning, 2 error",
        slot.level().ordinal());
  }

  private void latency(Latency latency, List<Sample> out) {
    if (latency == null) {
      return;
    }
    String name = "pgcarry_apply_latency_seconds";
    String help = "source commit to target apply, per batch applied";
    for (Latency.Bucket bucket : latency.buckets()) {
      out.add(
          new Sample(
              name + "_bucket", "histogram", help, labels("le", bucket.le()), bucket.count()));
    }
    out.add(new Sample(name + "_sum", "histogram", help, labels(), latency.sumSeconds()));
    out.add(new Sample(name + "_count", "histogram", help, labels(), latency.count()));
    if (latency.p50Millis() != null) {
      String window = "pgcarry_apply_latency_last_minute_seconds";
      String windowHelp = "source commit to target apply over the last minute, by quantile";
      out.add(
          new Sample(
              window, "gauge", windowHelp, labels("quantile", "0.5"), latency.p50Millis() / 1e3));
      out.add(
          new Sample(
              window, "gauge", windowHelp, labels("quantile", "0.99"), latency.p99Millis() / 1e3));
    }
  }

  private void tables(List<MigrationStatus.TableProgress> tables, List<Sample> out) {
    for (MigrationStatus.TableProgress table : tables) {
      gauge(
          out,
          "pgcarry_table_rows_loaded",
          "full-load rows the sink applied",
          table.targetRows(),
          "table",
          table.table());
      gauge(
          out,
          "pgcarry_table_rows_to_load",
          "full-load rows of the table: the source's estimate, exact once loaded",
          table.sourceRows(),
          "table",
          table.table());
      gauge(
          out,
          "pgcarry_table_rows_per_second",
          "full-load rows applied per second",
          table.rowsPerSecond(),
          "table",
          table.table());
    }
  }

  private void gauge(List<Sample> out, String name, String help, double value, String... more) {
    out.add(new Sample(name, "gauge", help, labels(more), value));
  }

  private void counter(List<Sample> out, String name, String help, double value) {
    out.add(new Sample(name, "counter", help, labels(), value));
  }

  private Map<String, String> labels(String... pairs) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("migration", migration);
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      labels.put(pairs[i], pairs[i + 1]);
    }
    return labels;
  }
}
