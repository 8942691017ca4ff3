package io.pgcarry.migrate.probes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LagTest {

  @Test
  void reachesMarksOnlyWhenEveryPartitionIsApplied() {
    List<Lag.PartitionLag> marks =
        List.of(new Lag.PartitionLag("s.a", 0, 10, 0), new Lag.PartitionLag("s.b", 0, 5, 0));

    Lag behind =
        new Lag(
            List.of(new Lag.PartitionLag("s.a", 0, 12, 10), new Lag.PartitionLag("s.b", 0, 5, 4)),
            Optional.empty(),
            Optional.empty());
    Lag caughtUp =
        new Lag(
            List.of(new Lag.PartitionLag("s.a", 0, 12, 10), new Lag.PartitionLag("s.b", 0, 7, 5)),
            Optional.empty(),
            Optional.empty());

    assertThat(behind.reached(marks)).isFalse();
    assertThat(behind.records()).isEqualTo(3);
    assertThat(caughtUp.reached(marks)).isTrue();
  }

  @Test
  void emptyPartitionsNeedNothingApplied() {
    Lag none = new Lag(List.of(), Optional.empty(), Optional.empty());

    assertThat(none.reached(List.of(new Lag.PartitionLag("s.a", 0, 0, 0)))).isTrue();
  }

  @Test
  void combinesTheDatabasesOfARunKeepingTheLatestAppliedCommit() {
    Instant early = Instant.parse("2026-11-20T10:00:00Z");
    Lag first =
        new Lag(
            List.of(new Lag.PartitionLag("a.s.t", 0, 10, 10)),
            Optional.of("0/100"),
            Optional.of(early.plusSeconds(5)));
    Lag second =
        new Lag(
            List.of(new Lag.PartitionLag("b.s.t", 0, 7, 2)),
            Optional.of("0/50"),
            Optional.of(early));

    Lag run = Lag.combine(List.of(first, second));

    assertThat(run.partitions()).hasSize(2);
    assertThat(run.records()).isEqualTo(5);
    assertThat(run.lastAppliedLsn()).contains("0/100");
    assertThat(run.reached(second.partitions())).isFalse();
  }
}
