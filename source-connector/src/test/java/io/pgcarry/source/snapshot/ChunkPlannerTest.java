package io.pgcarry.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.TableId;
import java.util.List;
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
            c -> c.table().id().table(),
            Chunk::number,
            Chunk::count,
            Chunk::fromBlock,
            Chunk::toBlock)
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
