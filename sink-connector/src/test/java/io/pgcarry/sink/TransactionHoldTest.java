package io.pgcarry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.common.stream.ChangePosition;
import io.pgcarry.sink.event.ChangeEvent;
import io.pgcarry.sink.event.ChangeKind;
import io.pgcarry.sink.event.RecordPosition;
import io.pgcarry.sink.event.Row;
import io.pgcarry.sink.event.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class TransactionHoldTest {

  private static final TopicPartition TP = new TopicPartition("pgcarry.public.u", 0);
  private final List<ConsumedRecord> records = new ArrayList<>();

  @Test
  void holdsNothingWhenEveryTransactionEnded() {
    change("0/100", 1, false);
    change("0/100", 2, true);
    change("0/200", 1, true);

    assertThat(TransactionHold.openFrom(records)).isEqualTo(3);
  }

  @Test
  void holdsTheChangesOfTheTransactionWhoseEndHasNotArrived() {
    change("0/100", 1, true);
    change("0/200", 1, false);
    none();
    change("0/200", 3, false);

    assertThat(TransactionHold.openFrom(records)).isEqualTo(1);
  }

  @Test
  void takesAChangeOfAnotherTransactionAsTheEndOfTheOneBefore() {
    change("0/100", 1, false);
    change("0/100", 2, false);
    change("0/200", 1, false);

    assertThat(TransactionHold.openFrom(records)).isEqualTo(2);
  }

  @Test
  void holdsACopyResentWithinTheOpenTransactionTogetherWithIt() {
    change("0/200", 1, false);
    change("0/200", 1, false);
    change("0/200", 2, false);

    assertThat(TransactionHold.openFrom(records)).isZero();
  }

  @Test
  void neverHoldsChangesWithoutAStreamPosition() {
    change("0/100", 1, false);
    records.add(
        new ConsumedRecord.Changed(
            TP, records.size(), event(ChangeKind.CREATE, SourcePosition.NONE)));

    assertThat(TransactionHold.openFrom(records)).isEqualTo(2);
  }

  @Test
  void leavesADeleteThatItsTransactionContinuesToTheNextBatch() {
    change("0/100", 1, false);
    change("0/100", 2, ChangeKind.DELETE, false);

    assertThat(TransactionHold.keyChangeFrom(records)).isEqualTo(1);
    none();
    assertThat(TransactionHold.keyChangeFrom(records)).isEqualTo(1);
  }

  @Test
  void appliesADeleteThatEndsItsTransactionOrIsFollowed() {
    change("0/100", 1, ChangeKind.DELETE, true);
    assertThat(TransactionHold.keyChangeFrom(records)).isEqualTo(1);

    records.clear();
    change("0/100", 1, ChangeKind.DELETE, false);
    change("0/100", 2, false);
    assertThat(TransactionHold.keyChangeFrom(records)).isEqualTo(2);
  }

  private void change(String first, long seq, boolean end) {
    change(first, seq, ChangeKind.CREATE, end);
  }

  private void change(String first, long seq, ChangeKind kind, boolean end) {
    ChangePosition position = ChangePosition.of("0/10", first, Long.toString(seq));
    records.add(
        new ConsumedRecord.Changed(
            TP,
            records.size(),
            event(kind, new SourcePosition(Lsn.parse(first), 0L, 1L, position, end))));
  }

  private void none() {
    records.add(new ConsumedRecord.NoChange(TP, records.size()));
  }

  private ChangeEvent event(ChangeKind kind, SourcePosition source) {
    return new ChangeEvent(
        new TableId("public", "u"),
        kind,
        kind == ChangeKind.DELETE ? new Row(Map.of()) : null,
        kind == ChangeKind.DELETE ? null : new Row(Map.of()),
        List.of(),
        source,
        new RecordPosition(TP.topic(), 0, records.size()),
        false,
        false);
  }
}
