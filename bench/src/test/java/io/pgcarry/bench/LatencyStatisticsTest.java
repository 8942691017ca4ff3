package io.pgcarry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The latency figures of M3: nearest-rank percentiles and the growing-lag rule. */
class LatencyStatisticsTest {

  @Test
  void percentilesAreNearestRank() {
    double[] sorted = new double[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }
    assertThat(LatencyRun.percentile(sorted, 50)).isEqualTo(50);
    assertThat(LatencyRun.percentile(sorted, 99)).isEqualTo(99);
    assertThat(LatencyRun.percentile(sorted, 100)).isEqualTo(100);
    assertThat(LatencyRun.percentile(new double[0], 99)).isZero();
  }

  @Test
  void lagGrowsWhenTheLastThirdIsSlowerThanTwiceTheFirst() {
    double[] growing = {10, 12, 11, 100, 120, 110, 300, 320, 310};
    BenchReport.Latency latency = LatencyRun.summarize("p", 1000, 1000, growing, 1);

    assertThat(latency.firstThirdP50()).isEqualTo(11);
    assertThat(latency.lastThirdP50()).isEqualTo(310);
    assertThat(latency.lagGrows()).isTrue();
    assertThat(latency.p50()).isEqualTo(110);
    assertThat(latency.max()).isEqualTo(320);
  }

  @Test
  void steadyLagDoesNotGrowEvenWhenItIsHigh() {
    double[] steady = {500, 520, 510, 505, 515, 500, 530, 510, 505};

    assertThat(LatencyRun.summarize("p", 1000, 1000, steady, 1).lagGrows()).isFalse();
  }
}
