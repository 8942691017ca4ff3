package io.pgcarry.sink.position;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.common.stream.AppliedPosition;
import io.pgcarry.common.stream.ChangePosition;
import io.pgcarry.sink.event.ChangeEvent;
import io.pgcarry.sink.event.ChangeKind;
import io.pgcarry.sink.event.RecordPosition;
import io.pgcarry.sink.event.Row;
import io.pgcarry.sink.event.SchemaChange;
import io.pgcarry.sink.event.SourcePosition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a partition's cursor takes as applied before: offsets, and the replay rule on stream
 * positions. Transactions T1, T2, T3 commit in that order; a change is written {@code
 * after/first/seq}, T2's changes carrying {@code after} = T1's commit, and so on.
 */
class PartitionCursorTest {

  private static final String TOPIC = "m.public.t";

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

  private long offset;

  @Test
  void admitsEveryChangeOfAStreamSeenOnce() {
    PartitionCursor cursor = after(null);

    for (ChangePosition change : List.of(T1_1, T1_2, T2_1, T2_2, T2_3, T3_1)) {
      assertThat(admits(cursor, change)).as("%s", change).isTrue();
    }
    assertThat(cursor.position().change()).isEqualTo(T3_1);
    assertThat(cursor.replaysSkipped()).isZero();
  }

  @Test
  void skipsWholeTransactionsResentFromAnEarlierBoundary() {
    PartitionCursor cursor = after(T2_3);

    for (ChangePosition change : List.of(T1_1, T1_2, T2_1, T2_2, T2_3)) {
      assertThat(admits(cursor, change)).as("%s sent again", change).isFalse();
    }
    assertThat(admits(cursor, T3_1)).isTrue();
    assertThat(cursor.replaysSkipped()).isEqualTo(5);
  }

  @Test
  void appliesTheRestOfATransactionOfWhichOnlyAPartWasApplied() {
    PartitionCursor cursor = after(T2_1);

    assertThat(admits(cursor, T2_1)).as("applied before the crash").isFalse();
    assertThat(admits(cursor, T2_2)).as("never applied").isTrue();
    assertThat(admits(cursor, T2_3)).isTrue();
  }

  @Test
  void recognisesAResentTransactionWhoseAfterPositionMovedOnResend() {
    // The source may report another 'after' for a transaction it sends a second time; it stays
    // below the transaction's own commit, and 'first' names the transaction.
    PartitionCursor cursor = after(at("0/150", "0/160", 2));

    assertThat(admits(cursor, at("0/158", "0/160", 1))).isFalse();
    assertThat(admits(cursor, at("0/158", "0/160", 2))).isFalse();
    assertThat(admits(cursor, at("0/158", "0/160", 3))).isTrue();
    assertThat(admits(cursor, at("0/300", "0/310", 1))).isTrue();
  }

  @Test
  void skipsAResentCopyThatArrivesInTheSameBatchAsTheOriginal() {
    PartitionCursor cursor = after(null);

    assertThat(admits(cursor, T1_1)).isTrue();
    assertThat(admits(cursor, T1_2)).isTrue();
    assertThat(admits(cursor, T1_1)).isFalse();
    assertThat(admits(cursor, T1_2)).isFalse();
    assertThat(admits(cursor, T2_1)).isTrue();
  }

  @Test
  void admitsIdenticalRowsOfATableWithoutKeyOnceEachBecauseTheirPositionsDiffer() {
    // Two inserts of the same row in one transaction are two changes: seq tells them apart where
    // the row cannot.
    PartitionCursor cursor = after(null);

    assertThat(admits(cursor, T2_1)).isTrue();
    assertThat(admits(cursor, T2_2)).isTrue();
    PartitionCursor afterCrash = new PartitionCursor(cursor.position());
    assertThat(admits(afterCrash, T2_1)).isFalse();
    assertThat(admits(afterCrash, T2_2)).isFalse();
    assertThat(admits(afterCrash, T2_3)).isTrue();
  }

  @Test
  void admitsChangesWithoutPositionAndKeepsTheLastOne() {
    PartitionCursor cursor = after(T2_3);

    assertThat(cursor.take(offset++, event(SourcePosition.NONE, false))).isNotNull();
    assertThat(cursor.position().change()).isEqualTo(T2_3);
  }

  @Test
  void forgetsTheLastPositionWhenANewStreamStarts() {
    PartitionCursor cursor = after(T3_1);
    cursor.take(offset++, event(SourcePosition.NONE, true));

    assertThat(admits(cursor, T1_1)).as("first change of the new slot's stream").isTrue();
  }

  @Test
  void takesRecordsBelowTheNextOffsetAsApplied() {
    PartitionCursor cursor = PartitionCursor.start(TOPIC, 0);
    cursor.pass(6);

    assertThat(cursor.applied(6)).isTrue();
    assertThat(cursor.applied(7)).isFalse();
    assertThat(cursor.nextOffset()).isEqualTo(7);
  }

  @Test
  void takesCopiesOfCommandsAtOrBeforeTheLastOnePassedAsResends() {
    PartitionCursor cursor = PartitionCursor.start(TOPIC, 0);
    SchemaChange first = command(T2_1.after(), T2_1.first(), 0x170);
    SchemaChange second = command(T3_1.after(), T3_1.first(), 0x320);

    assertThat(cursor.applied(first)).isFalse();
    cursor.pass(0, first);
    assertThat(cursor.applied(first)).isTrue();
    assertThat(cursor.applied(second)).isFalse();
    assertThat(new PartitionCursor(cursor.position()).applied(first)).as("stored").isTrue();
  }

  private static PartitionCursor after(ChangePosition lastChange) {
    return new PartitionCursor(
        new AppliedPosition(TOPIC, 0, 0, null, null, lastChange, null, null));
  }

  private boolean admits(PartitionCursor cursor, ChangePosition change) {
    return cursor.take(offset++, event(new SourcePosition(null, null, null, change, false), false))
        != null;
  }

  private ChangeEvent event(SourcePosition source, boolean snapshotStart) {
    return new ChangeEvent(
        new TableId("public", "t"),
        ChangeKind.CREATE,
        null,
        new Row(Map.of()),
        List.of(),
        source,
        new RecordPosition(TOPIC, 0, offset),
        snapshotStart,
        snapshotStart);
  }

  private static SchemaChange command(Lsn after, Lsn first, long lsn) {
    return new SchemaChange(
        new ChangePosition(after, first, lsn),
        "ALTER TABLE",
        "ALTER TABLE t ADD x int",
        1,
        Optional.empty(),
        "public",
        List.of(),
        List.of(TOPIC),
        new RecordPosition(TOPIC, 0, 0));
  }
}
