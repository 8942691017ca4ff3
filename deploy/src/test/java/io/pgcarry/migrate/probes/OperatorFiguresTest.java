package io.pgcarry.migrate.probes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.state.MigrationStatus;
import io.pgcarry.migrate.state.StatusRenderer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The figures operators read: retained WAL levels, latency percentiles, the no-delay cue. */
class OperatorFiguresTest {

  private final WalThresholds thresholds = new WalThresholds(100, 1000);

  @Test
  void retainedWalIsJudgedAgainstThresholdsAndTheSourcesKeepLimit() {
    assertThat(thresholds.level(99, "reserved", null)).isEqualTo(WalThresholds.Level.OK);
    assertThat(thresholds.level(100, "reserved", null)).isEqualTo(WalThresholds.Level.WARNING);
    assertThat(thresholds.level(1000, "extended", null)).isEqualTo(WalThresholds.Level.ERROR);
    // 50% and 80% of max_slot_wal_keep_size, below the configured thresholds.
    assertThat(thresholds.level(60, "reserved", 120L)).isEqualTo(WalThresholds.Level.WARNING);
    assertThat(thresholds.level(96, "reserved", 120L)).isEqualTo(WalThresholds.Level.ERROR);
    // PostgreSQL already gives up WAL the slot needs.
    assertThat(thresholds.level(0, "unreserved", null)).isEqualTo(WalThresholds.Level.ERROR);
    assertThat(WalThresholds.advice(WalThresholds.Level.ERROR, "lost")).contains("cleanup");
  }

  @Test
  void refusesAWarningAtOrAboveTheError() {
    assertThatThrownBy(() -> new WalThresholds(1000, 1000))
        .hasMessageContaining("below the error threshold");
  }

  @Test
  void latencyIsSampledOncePerBatchAppliedAndForgottenAfterAMinute() {
    LatencyWindow window = new LatencyWindow();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 1; i <= 100; i++) {
      Instant applied = t.plusSeconds(i / 10);
      window.observe("p-" + i, applied.minusMillis(i * 10L), applied);
    }
    // The same position read again is not a new batch; a full-load batch has no commit time.
    window.observe("p-1", t.minusSeconds(5), t);
    window.observe("p-0", null, t);

    Latency now = window.latency(t.plusSeconds(10));
    assertThat(now.samples()).isEqualTo(100);
    assertThat(now.p50Millis()).isEqualTo(500);
    assertThat(now.p99Millis()).isEqualTo(990);
    assertThat(now.buckets()).last().isEqualTo(new Latency.Bucket("+Inf", 100));
    assertThat(now.buckets()).contains(new Latency.Bucket("0.5", 50));
    Latency later = window.latency(t.plusSeconds(75));
    assertThat(later.samples()).isZero();
    assertThat(later.p99Millis()).isNull();
    assertThat(later.count()).isEqualTo(100);
  }

  @Test
  void noDelayNeedsStreamingEverythingAppliedAndTheSlotWithinOneSegment() {
    Lag applied =
        new Lag(
            List.of(new Lag.PartitionLag("shop.public.a", 0, 10, 10)),
            Optional.empty(),
            Optional.empty());
    Lag behind =
        new Lag(
            List.of(new Lag.PartitionLag("shop.public.a", 0, 10, 9)),
            Optional.empty(),
            Optional.empty());

    assertThat(measurement(applied, 1 << 20).noDelay(Step.STREAMING)).isTrue();
    assertThat(measurement(applied, 1 << 20).noDelay(Step.FULL_LOAD)).isFalse();
    assertThat(measurement(behind, 0).noDelay(Step.STREAMING)).isFalse();
    assertThat(measurement(applied, 64 << 20).noDelay(Step.STREAMING)).isFalse();
  }

  @Test
  void statusTextShowsTheOperatorLines() {
    MigrationStatus status =
        new MigrationStatus(
            "shop",
            ProcessHandle.current().pid(),
            Instant.now(),
            Step.STREAMING,
            "streaming, no delay",
            List.of(),
            0,
            42,
            null,
            null,
            null,
            new MigrationStatus.Endpoints(
                "http://127.0.0.1:8083/",
                "127.0.0.1:9092",
                "http://127.0.0.1:9000/",
                List.of("shop.public.a"),
                "__debezium-heartbeat.shop"),
            slot(3 << 20),
            List.of(new MigrationStatus.TopicLag("shop.public.a", 0)),
            new Latency(3, 120L, 800L, List.of(), 3, 1.2),
            4L,
            true,
            List.of());

    assertThat(StatusRenderer.full(status))
        .contains("cutover    NO DELAY: stop the application's writes")
        .contains("3.0 MiB behind the source's WAL")
        .contains("WAL        9.0 MiB retained by the slot: ok")
        .contains("latency    p50 120 ms, p99 800 ms over the last minute (3 batches)")
        .contains("heartbeat  4 s ago")
        .contains("connect    http://127.0.0.1:8083/  (Kafka 127.0.0.1:9092)")
        .contains("shop.public.a");
  }

  private static Measurement measurement(Lag lag, long bytesBehind) {
    return new Measurement(lag, List.of(), Optional.of(slot(bytesBehind)), null, Optional.empty());
  }

  private static SlotPosition slot(long bytesBehind) {
    return new SlotPosition(
        "0/3000000",
        "0/1000000",
        bytesBehind,
        9 << 20,
        "reserved",
        null,
        null,
        WalThresholds.Level.OK,
        "");
  }
}
