package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;

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
}
