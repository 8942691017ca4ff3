package io.pgcarry.sink.position;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.common.stream.SnapshotProgress;
import io.pgcarry.sink.apply.PlanningException;
import io.pgcarry.sink.event.FullLoadRecord;
import io.pgcarry.sink.event.RecordPosition;
import java.util.List;
import org.junit.jupiter.api.Test;

class FullLoadTrackerTest {

  private static final TableId T = new TableId("public", "t");
  private static final Lsn FIRST = Lsn.parse("0/1000");
  private static final Lsn AGAIN = Lsn.parse("0/2000");

  @Test
  void startsTheSnapshotAtItsFirstRecordAndCountsTheRows() {
    FullLoadTracker tracker = new FullLoadTracker(null);

    assertThat(tracker.accept(copy(FIRST, 10)).startsSnapshot()).isTrue();
    assertThat(tracker.accept(copy(FIRST, 5)).startsSnapshot()).isFalse();
    assertThat(tracker.accept(end(FIRST, 15)).startsSnapshot()).isFalse();
    assertThat(tracker.progress()).isEqualTo(new SnapshotProgress(FIRST, T, 15, true));
  }

  @Test
  void continuesTheStoredSnapshotAfterARestart() {
    FullLoadTracker tracker = new FullLoadTracker(new SnapshotProgress(FIRST, T, 10, false));

    assertThat(tracker.accept(copy(FIRST, 5)).startsSnapshot()).isFalse();
    assertThat(tracker.progress().rows()).isEqualTo(15);
  }

  @Test
  void startsOverWhenTheSnapshotIsNew() {
    FullLoadTracker tracker = new FullLoadTracker(new SnapshotProgress(FIRST, T, 10, false));

    assertThat(tracker.accept(copy(AGAIN, 3)).startsSnapshot()).isTrue();
    assertThat(tracker.progress()).isEqualTo(new SnapshotProgress(AGAIN, T, 3, false));
  }

  @Test
  void emptiesAnEmptyTableWhoseOnlyRecordIsTheEnd() {
    FullLoadTracker tracker = new FullLoadTracker(new SnapshotProgress(FIRST, T, 7, true));

    assertThat(tracker.accept(end(AGAIN, 0)).startsSnapshot()).isTrue();
    assertThat(tracker.progress()).isEqualTo(new SnapshotProgress(AGAIN, T, 0, true));
  }

  @Test
  void stopsWhenTheRowsLoadedAreNotTheSourceTotal() {
    FullLoadTracker tracker = new FullLoadTracker(null);
    tracker.accept(copy(FIRST, 10));

    assertThatThrownBy(() -> tracker.accept(end(FIRST, 12)))
        .isInstanceOf(PlanningException.class)
        .hasMessageContaining("public.t")
        .hasMessageContaining("10 rows loaded")
        .hasMessageContaining("counted 12");
  }

  @Test
  void stopsWhenRowsFollowTheEndOfTheirSnapshot() {
    FullLoadTracker tracker = new FullLoadTracker(new SnapshotProgress(FIRST, T, 7, true));

    assertThatThrownBy(() -> tracker.accept(copy(FIRST, 1)))
        .isInstanceOf(PlanningException.class)
        .hasMessageContaining("after the end");
  }

  private static FullLoadRecord copy(Lsn snapshot, long rows) {
    return new FullLoadRecord(
        FullLoadRecord.Kind.COPY,
        T,
        snapshot,
        List.of("id"),
        rows,
        1,
        1,
        new byte[0],
        new RecordPosition("pgcarry.public.t", 0, 0),
        false,
        null);
  }

  private static FullLoadRecord end(Lsn snapshot, long rows) {
    return new FullLoadRecord(
        FullLoadRecord.Kind.SNAPSHOT_END,
        T,
        snapshot,
        List.of(),
        rows,
        0,
        0,
        new byte[0],
        new RecordPosition("pgcarry.public.t", 0, 0),
        false,
        null);
  }
}
