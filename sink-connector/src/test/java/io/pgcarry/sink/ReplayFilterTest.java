package io.pgcarry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.sink.event.StreamMark;
import io.pgcarry.sink.event.StreamOrder;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReplayFilterTest {

  private static final TopicPartition TP = new TopicPartition("m.public.t", 0);
  private static final StreamOrder KEY_CHANGE = StreamOrder.parse("[\"100\",\"150\"]", 2);
  private static final StreamOrder LATER = StreamOrder.parse("[\"200\",\"250\"]", 3);

  @Test
  void appliesBothEventsOfAPrimaryKeyChangeThatShareOneOrder() {
    ReplayFilter filter = new ReplayFilter();
    ReplayFilter.Batch batch = filter.begin();

    assertThat(batch.admit(TP, KEY_CHANGE)).as("delete of the old key").isTrue();
    assertThat(batch.admit(TP, KEY_CHANGE)).as("create of the new key").isTrue();
    assertThat(batch.mark(TP)).isEqualTo(new StreamMark(KEY_CHANGE, 2));
  }

  @Test
  void skipsAsManyReplaysAtTheLastOrderAsWereApplied() {
    ReplayFilter filter = new ReplayFilter();
    filter.restore(TP, new StreamMark(KEY_CHANGE, 1));
    ReplayFilter.Batch batch = filter.begin();

    assertThat(batch.admit(TP, StreamOrder.parse("[\"90\",\"95\"]", 1))).isFalse();
    assertThat(batch.admit(TP, KEY_CHANGE)).as("the delete, applied before the crash").isFalse();
    assertThat(batch.admit(TP, KEY_CHANGE)).as("the create, never applied").isTrue();
    assertThat(batch.admit(TP, LATER)).isTrue();
  }

  @Test
  void snapshotReadsAreAlwaysApplied() {
    ReplayFilter filter = new ReplayFilter();
    filter.restore(TP, new StreamMark(LATER, 1));

    assertThat(filter.begin().admit(TP, null)).isTrue();
  }

  @Test
  void aBatchThatIsNotCommittedLeavesNoTrace() {
    ReplayFilter filter = new ReplayFilter();
    filter.begin().admit(TP, LATER);

    assertThat(filter.begin().admit(TP, LATER)).as("retried after a rollback").isTrue();
  }
}
