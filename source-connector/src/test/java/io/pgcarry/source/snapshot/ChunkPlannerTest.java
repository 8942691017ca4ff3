package io.pgcarry.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.TableId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChunkPlannerTest {

  private static SnapshotTable table(String name, long blocks) {
    return new SnapshotTable(
        new TableId("public", name), "p.public." + name, List.of("id"), blocks);
  }

  @Test
  void cutsLargeTablesIntoBlockRangesLargestFirstWithAnOpenLastChunk() {
    List<Chunk> chunks =
        new ChunkPlanner(100, true).plan(List.of(table("small", 10), table("big", 250)));
    assertThat(chunks)
        .extracting(
            c -> c.table().id().table(), Chunk::number, Chunk::count, Chunk::from, Chunk::to)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("big", 1, 3, 0L, 100L),
            org.assertj.core.groups.Tuple.tuple("big", 2, 3, 100L, 200L),
            org.assertj.core.groups.Tuple.tuple("big", 3, 3, 200L, -1L),
            org.assertj.core.groups.Tuple.tuple("small", 1, 1, -1L, -1L));
  }

  @Test
  void readsEachTableWholeWithoutTidRangeScans() {
    assertThat(new ChunkPlanner(100, false).plan(List.of(table("big", 250))))
        .extracting(Chunk::count)
        .containsExactly(1);
  }

  @Test
  void cutsByEqualKeyRangesWithoutTidRangeScansOpenAtBothEnds() {
    SnapshotTable keyed =
        new SnapshotTable(
            new TableId("public", "keyed"),
            "t",
            List.of("id"),
            250,
            Optional.of(new SnapshotTable.KeyRange("id", 1, 1000)));
    List<Chunk> chunks = new ChunkPlanner(100, false).plan(List.of(keyed));
    assertThat(chunks)
        .extracting(Chunk::copySql)
        .containsExactly(
            "COPY (SELECT id FROM ONLY public.keyed WHERE id < 335) TO STDOUT",
            "COPY (SELECT id FROM ONLY public.keyed WHERE id >= 335 AND" + " id < 669) TO STDOUT",
            "COPY (SELECT id FROM ONLY public.keyed WHERE id >= 669) TO STDOUT");
  }

  @Test
  void keyRangesSpanTheWholeLongRangeAndNeverOutnumberTheKeys() {
    SnapshotTable wide =
        new SnapshotTable(
            new TableId("public", "wide"),
            "t",
            List.of("id"),
            1000,
            Optional.of(new SnapshotTable.KeyRange("id", Long.MIN_VALUE, Long.MAX_VALUE)));
    List<Chunk> chunks = new ChunkPlanner(100, false).plan(List.of(wide));
    assertThat(chunks).hasSize(10);
    for (int i = 1; i < chunks.size(); i++) {
      assertThat(chunks.get(i).from()).isEqualTo(chunks.get(i - 1).to());
      assertThat(chunks.get(i).from()).isGreaterThan(chunks.get(i - 1).from());
    }
    SnapshotTable twoKeys =
        new SnapshotTable(
            new TableId("public", "two"),
            "t",
            List.of("id"),
            1000,
            Optional.of(new SnapshotTable.KeyRange("id", -1, 0)));
    assertThat(new ChunkPlanner(100, false).plan(List.of(twoKeys)))
        .extracting(Chunk::copySql)
        .containsExactly(
            "COPY (SELECT id FROM ONLY public.two WHERE id < 0) TO STDOUT",
            "COPY (SELECT id FROM ONLY public.two WHERE id >= 0) TO STDOUT");
    SnapshotTable oneKey =
        new SnapshotTable(
            new TableId("public", "one"),
            "t",
            List.of("id"),
            1000,
            Optional.of(new SnapshotTable.KeyRange("id", 7, 7)));
    assertThat(new ChunkPlanner(100, false).plan(List.of(oneKey)))
        .extracting(Chunk::count)
        .containsExactly(1);
  }

  @Test
  void quotesEveryNameInTheCopyStatement() {
    SnapshotTable hostile =
        new SnapshotTable(
            new TableId("Sch\"ema", "ta ble;--"), "t", List.of("a\"b", "select"), 500);
    assertThat(new Chunk(hostile, 2, 3, 100, 200).copySql())
        .isEqualTo(
            "COPY (SELECT \"a\"\"b\", \"select\" FROM ONLY \"Sch\"\"ema\".\"ta ble;--\""
                + " WHERE ctid >= '(100,0)'::tid AND ctid < '(200,0)'::tid) TO STDOUT");
    assertThat(new Chunk(hostile, 1, 1, -1, -1).copySql())
        .isEqualTo("COPY \"Sch\"\"ema\".\"ta ble;--\" (\"a\"\"b\", \"select\") TO STDOUT");
  }
}
