package io.pgcarry.common.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.Lsn;
import org.junit.jupiter.api.Test;

class ChangePositionTest {

  private static ChangePosition at(long after, long first, long seq) {
    return new ChangePosition(new Lsn(after), new Lsn(first), seq);
  }

  @Test
  void aChangeOfTheSameTransactionIsAReplayUpToTheLastAppliedNumber() {
    ChangePosition applied = at(100, 150, 3);
    assertThat(at(100, 150, 1).isReplayOf(applied)).isTrue();
    assertThat(at(100, 150, 3).isReplayOf(applied)).isTrue();
    assertThat(at(100, 150, 4).isReplayOf(applied)).isFalse();
  }

  @Test
  void aResentTransactionMayCarryALaterAfterAndIsStillRecognised() {
    // After a restart the transaction's after is the slot's position, past its predecessor.
    ChangePosition applied = at(100, 150, 3);
    assertThat(at(120, 150, 2).isReplayOf(applied)).isTrue();
    assertThat(at(120, 150, 5).isReplayOf(applied)).isFalse();
  }

  @Test
  void transactionsAreOrderedByAfterWhateverTheirFirstChange() {
    // Transaction 2 began before transaction 1 (first 90 < 150) but committed after it.
    ChangePosition applied = at(100, 150, 9);
    assertThat(at(50, 60, 1).isReplayOf(applied)).isTrue();
    assertThat(at(200, 90, 1).isReplayOf(applied)).isFalse();
  }

  @Test
  void readsHeaderValuesAndRefusesMalformedOnes() {
    assertThat(ChangePosition.of("0/64", "0/96", "2")).isEqualTo(at(100, 150, 2));
    assertThat(ChangePosition.of(null, "0/96", "2")).isNull();
    assertThatThrownBy(() -> ChangePosition.of("0/64", "x", "2"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChangePosition.of("0/64", "0/96", "two"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'two'");
    assertThatThrownBy(() -> ChangePosition.of("0/64", "0/96", "0"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
