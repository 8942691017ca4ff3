package io.pgcarry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.stream.AppliedPosition;
import io.pgcarry.common.stream.ChangePosition;
import io.pgcarry.sink.event.RecordPosition;
import io.pgcarry.sink.event.SchemaChange;
import io.pgcarry.sink.position.PartitionCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class SchemaBarrierTest {

  private static final TopicPartition A = new TopicPartition("m.public.a", 0);
  private static final TopicPartition B = new TopicPartition("m.public.b", 0);
  private static final TopicPartition C = new TopicPartition("m.public.c", 0);

  private static final Predicate<SchemaChange> NONE_APPLIED = command -> false;

  private final List<ConsumedRecord> batch = new ArrayList<>();

  /** Whether a partition whose cursor passed {@code command} applied a copy. */
  private static Predicate<SchemaChange> passedBy(ChangePosition command) {
    PartitionCursor cursor =
        new PartitionCursor(new AppliedPosition(A.topic(), 0, 0, null, null, null, command, null));
    return cursor::applied;
  }

  private void record(TopicPartition tp, long offset) {
    batch.add(new ConsumedRecord.NoChange(tp, offset));
  }

  private void command(TopicPartition tp, long offset, long lsn, TopicPartition... topics) {
    SchemaChange change =
        new SchemaChange(
            new ChangePosition(new Lsn(lsn - 1), new Lsn(lsn), lsn),
            "ALTER TABLE",
            "ALTER TABLE a ADD x int",
            1,
            Optional.empty(),
            "public",
            List.of(),
            List.of(topics).stream().map(TopicPartition::topic).toList(),
            new RecordPosition(tp.topic(), 0, offset));
    batch.add(new ConsumedRecord.Command(tp, offset, change));
  }

  @Test
  void noCommandNoBarrier() {
    record(A, 0);
    record(B, 0);
    assertThat(SchemaBarrier.find(batch, NONE_APPLIED)).isNull();
  }

  @Test
  void aCommandEveryTopicReachedSplitsTheBatchAroundIt() {
    record(A, 0);
    command(A, 1, 100, A, B);
    record(A, 2);
    record(B, 0);
    record(C, 0);
    command(B, 1, 100, A, B);
    record(B, 2);

    SchemaBarrier barrier = SchemaBarrier.find(batch, NONE_APPLIED);

    assertThat(barrier.complete()).isTrue();
    assertThat(barrier.before()).extracting(ConsumedRecord::offset).containsExactly(0L, 0L, 0L);
    assertThat(barrier.markers()).extracting(ConsumedRecord::partition).containsExactly(A, B);
    assertThat(barrier.after()).extracting(ConsumedRecord::offset).containsExactly(2L, 2L);
  }

  @Test
  void aCommandWaitsForTopicsThatHaveNotReachedIt() {
    record(A, 0);
    command(A, 1, 100, A, B);
    record(A, 2);
    record(B, 0);

    SchemaBarrier barrier = SchemaBarrier.find(batch, NONE_APPLIED);

    assertThat(barrier.complete()).isFalse();
    assertThat(barrier.missing()).containsExactly(B);
    assertThat(barrier.waiting()).containsExactly(A);
    assertThat(barrier.before()).extracting(ConsumedRecord::partition).containsExactly(A, B);
    assertThat(barrier.after()).extracting(ConsumedRecord::offset).containsExactly(1L, 2L);
    assertThat(barrier.markers()).isEmpty();
  }

  @Test
  void commandsPassOneAtATimeInStreamOrder() {
    command(A, 0, 100, A, B);
    record(A, 1);
    command(A, 2, 200, A, B);
    command(B, 0, 100, A, B);
    record(B, 1);
    command(B, 2, 200, A, B);

    SchemaBarrier first = SchemaBarrier.find(batch, NONE_APPLIED);

    assertThat(first.change().id().first()).isEqualTo(new Lsn(100));
    assertThat(first.complete()).isTrue();
    assertThat(first.before()).isEmpty();
    SchemaBarrier second = SchemaBarrier.find(first.after(), passedBy(first.change().id()));
    assertThat(second.change().id().first()).isEqualTo(new Lsn(200));
    assertThat(second.complete()).isTrue();
    assertThat(second.before()).extracting(ConsumedRecord::offset).containsExactly(1L, 1L);
    assertThat(second.after()).isEmpty();
  }

  @Test
  void copiesOfACommandAppliedBeforeAreNoBarrier() {
    command(A, 0, 100, A, B);
    record(A, 1);

    assertThat(
            SchemaBarrier.find(batch, passedBy(new ChangePosition(new Lsn(99), new Lsn(100), 100))))
        .isNull();
  }
}
