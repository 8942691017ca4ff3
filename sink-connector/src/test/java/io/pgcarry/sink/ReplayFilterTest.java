package io.pgcarry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.stream.ChangePosition;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The replay rule on stream positions. Transactions T1, T2, T3 commit in that order; a change is
 * written {@code after/first/seq}, T2's changes carrying {@code after} = T1's commit, and so on.
 */
class ReplayFilterTest {

  private static ChangePosition at(String after, String first, long seq) {
    return ChangePosition.of(after, first, Long.toString(seq));
  }

  // T1 commits at 0/150; T2 at 0/300; T3 at 0/450.
  private static final ChangePosition T1_1 = at("0/100", "0/110", 1);
  private static final ChangePosition T1_2 = at("0/100", "0/110", 2);
  private static final ChangePosition T2_1 = at("0/150", "0/160", 1);
  private static final ChangePosition T2_2 = at("0/150", "0/160", 2);
  private static final ChangePosition T2_3 = at("0/150", "0/160", 3);
  private static final ChangePosition T3_1 = at("0/300", "0/310", 1);

  @Test
  void admitsEveryChangeOfAStreamSeenOnce() {
    ReplayFilter filter = new ReplayFilter(null);

    for (ChangePosition change : List.of(T1_1, T1_2, T2_1, T2_2, T2_3, T3_1)) {
      assertThat(filter.admits(change)).as("%s", change).isTrue();
    }
    assertThat(filter.last()).isEqualTo(T3_1);
    assertThat(filter.skipped()).isZero();
  }

  @Test
  void skipsWholeTransactionsResentFromAnEarlierBoundary() {
    ReplayFilter filter = new ReplayFilter(T2_3);

    for (ChangePosition change : List.of(T1_1, T1_2, T2_1, T2_2, T2_3)) {
      assertThat(filter.admits(change)).as("%s sent again", change).isFalse();
    }
    assertThat(filter.admits(T3_1)).isTrue();
    assertThat(filter.skipped()).isEqualTo(5);
  }

  @Test
  void appliesTheRestOfATransactionOfWhichOnlyAPartWasApplied() {
    ReplayFilter filter = new ReplayFilter(T2_1);

    assertThat(filter.admits(T2_1)).as("applied before the crash").isFalse();
    assertThat(filter.admits(T2_2)).as("never applied").isTrue();
    assertThat(filter.admits(T2_3)).isTrue();
  }

  @Test
  void recognisesAResentTransactionWhoseAfterPositionMovedOnResend() {
    // The source may report another 'after' for a transaction it sends a second time; it stays
    // below the transaction's own commit, and 'first' names the transaction.
    ReplayFilter filter = new ReplayFilter(at("0/150", "0/160", 2));

    assertThat(filter.admits(at("0/158", "0/160", 1))).isFalse();
    assertThat(filter.admits(at("0/158", "0/160", 2))).isFalse();
    assertThat(filter.admits(at("0/158", "0/160", 3))).isTrue();
    assertThat(filter.admits(at("0/300", "0/310", 1))).isTrue();
  }

  @Test
  void skipsAResentCopyThatArrivesInTheSameBatchAsTheOriginal() {
    ReplayFilter filter = new ReplayFilter(null);

    assertThat(filter.admits(T1_1)).isTrue();
    assertThat(filter.admits(T1_2)).isTrue();
    assertThat(filter.admits(T1_1)).isFalse();
    assertThat(filter.admits(T1_2)).isFalse();
    assertThat(filter.admits(T2_1)).isTrue();
  }

  @Test
  void admitsIdenticalRowsOfATableWithoutKeyOnceEachBecauseTheirPositionsDiffer() {
    // Two inserts of the same row in one transaction are two changes: seq tells them apart where
    // the row cannot.
    ReplayFilter filter = new ReplayFilter(null);

    assertThat(filter.admits(T2_1)).isTrue();
    assertThat(filter.admits(T2_2)).isTrue();
    ReplayFilter afterCrash = new ReplayFilter(filter.last());
    assertThat(afterCrash.admits(T2_1)).isFalse();
    assertThat(afterCrash.admits(T2_2)).isFalse();
    assertThat(afterCrash.admits(T2_3)).isTrue();
  }

  @Test
  void admitsChangesWithoutPositionAndKeepsTheLastOne() {
    ReplayFilter filter = new ReplayFilter(T2_3);

    assertThat(filter.admits(null)).isTrue();
    assertThat(filter.last()).isEqualTo(T2_3);
  }

  @Test
  void forgetsTheLastPositionWhenANewStreamStarts() {
    ReplayFilter filter = new ReplayFilter(T3_1);
    filter.restart();

    assertThat(filter.admits(T1_1)).as("first change of the new slot's stream").isTrue();
  }
}
