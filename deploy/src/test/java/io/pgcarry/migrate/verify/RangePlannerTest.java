package io.pgcarry.migrate.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.TableId;
import io.pgcarry.common.verify.KeyRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangePlannerTest {

  private static TableToVerify keyed(long rows, Long min, Long max) {
    return new TableToVerify(new TableId("public", "t"), List.of("id", "v"), "id", rows, min, max);
  }

  /** Every key belongs to exactly one range, and the ranges follow each other. */
  private static void assertCoversEveryKeyOnce(List<KeyRange> ranges) {
    assertThat(ranges.get(0).from()).isNull();
    assertThat(ranges.get(ranges.size() - 1).to()).isNull();
    for (int i = 1; i < ranges.size(); i++) {
      assertThat(ranges.get(i).from()).isEqualTo(ranges.get(i - 1).to());
    }
  }

  @Test
  void cutsAnIntegerKeyIntoRangesOfAboutTheRowsAsked() {
    List<KeyRange> ranges = new RangePlanner(1000).plan(keyed(10_000, 1L, 10_000L));

    assertThat(ranges).hasSize(10);
    assertCoversEveryKeyOnce(ranges);
    assertThat(ranges.get(0)).isEqualTo(new KeyRange(null, 1001L));
    assertThat(ranges.get(1)).isEqualTo(new KeyRange(1001L, 2001L));
    assertThat(ranges.get(9)).isEqualTo(new KeyRange(9001L, null));
  }

  @Test
  void leavesTheOuterRangesOpenForRowsInsertedBeyondTheBounds() {
    List<KeyRange> ranges = new RangePlanner(100).plan(keyed(300, 1L, 300L));

    assertThat(ranges.get(0).contains(-5)).isTrue();
    assertThat(ranges.get(ranges.size() - 1).contains(1_000_000)).isTrue();
  }

  @Test
  void takesTheKeysAsDenseWithoutAnEstimate() {
    assertThat(new RangePlanner(100).plan(keyed(-1, 1L, 1000L))).hasSize(10);
  }

  @Test
  void neverCutsFinerThanTheKeysThereAre() {
    List<KeyRange> ranges = new RangePlanner(1).plan(keyed(1_000_000, 5L, 7L));

    assertThat(ranges).hasSize(3);
    assertCoversEveryKeyOnce(ranges);
  }

  @Test
  void coversTheWholeSpanOfABigintKeyWithoutOverflow() {
    List<KeyRange> ranges =
        new RangePlanner(1_000_000).plan(keyed(4_000_000, Long.MIN_VALUE, Long.MAX_VALUE));

    assertThat(ranges).hasSize(4);
    assertCoversEveryKeyOnce(ranges);
  }

  @Test
  void aSmallTableIsOneChunk() {
    assertThat(new RangePlanner(1000).plan(keyed(999, 1L, 999L))).containsExactly(KeyRange.ALL);
  }

  @Test
  void aTableWithoutAnIntegerKeyOrWithoutRowsIsOneChunk() {
    TableToVerify keyless =
        new TableToVerify(new TableId("public", "k"), List.of("v"), null, 1_000_000, null, null);

    assertThat(new RangePlanner(10).plan(keyless)).containsExactly(KeyRange.ALL);
    assertThat(new RangePlanner(10).plan(keyed(0, null, null))).containsExactly(KeyRange.ALL);
  }

  @Test
  void refusesAChunkOfNoRows() {
    assertThatThrownBy(() -> new RangePlanner(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
