package io.pgcarry.sink.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.Lsn;
import org.junit.jupiter.api.Test;

class StreamOrderTest {

  @Test
  void parsesDebeziumSequenceWithMissingFirstCommit() {
    assertThat(StreamOrder.parse("[null,\"24023128\"]", 7))
        .isEqualTo(new StreamOrder(Lsn.ZERO, new Lsn(24023128), 7));
    assertThat(StreamOrder.parse("[\"100\",\"200\"]", 7))
        .isEqualTo(new StreamOrder(new Lsn(100), new Lsn(200), 7));
    assertThat(StreamOrder.parse("not a sequence", 7)).isNull();
  }

  @Test
  void ordersInterleavedTransactionsByCommitFirst() {
    // T2 (a change at 150) commits at 160 before T1 (changes at 100 and 200): the stream sends
    // T2, then T1, whose first change has the lower LSN.
    StreamOrder t2 = StreamOrder.parse("[\"90\",\"150\"]", 2);
    StreamOrder t1First = StreamOrder.parse("[\"160\",\"100\"]", 1);
    StreamOrder t1Second = StreamOrder.parse("[\"160\",\"200\"]", 1);

    assertThat(t2).isLessThan(t1First);
    assertThat(t1First).isLessThan(t1Second);
  }

  @Test
  void comparesChangesOfOneTransactionByTheirOwnLsn() {
    // Resumed after a restart, the source reports a later previous commit for the rest of the
    // transaction it stopped in than it did the first time.
    StreamOrder applied = StreamOrder.parse("[\"100\",\"250\"]", 9);
    StreamOrder resent = StreamOrder.parse("[\"240\",\"250\"]", 9);
    StreamOrder next = StreamOrder.parse("[\"240\",\"260\"]", 9);

    assertThat(resent.compareTo(applied)).isZero();
    assertThat(next).isGreaterThan(applied);
  }
}
