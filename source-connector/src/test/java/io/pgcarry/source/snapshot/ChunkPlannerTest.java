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
        .extracting(c -> c.table().id().table(), Chunk::number, Chunk::count, Chunk::range)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("big", 1, 3, new Chunk.Blocks(0, 100)),
            org.assertj.core.groups.Tuple.tuple("big", 2, 3, new Chunk.Blocks(100, 200)),
            org.assertj.core.groups.Tuple.tuple("big", 3, 3, new Chunk.Blocks(200, -1)),
            org.assertj.core.groups.Tuple.tuple("small", 1, 1, new Chunk.Whole()));
  }

  @Test
  void cutsATableWithoutKeyIntoBlockSlotsWithoutTidRangeScans() {
    List<Chunk> chunks = new ChunkPlanner(100, false).plan(List.of(table("big", 250)));
    assertThat(chunks)
        .extracting(Chunk::range)
        .containsExactly(
            new Chunk.BlockSlots(0, 100),
            new Chunk.BlockSlots(100, 200),
            new Chunk.BlockSlots(200, 250));
    assertThat(chunks.get(2).copySql())
        .isEqualTo(
            "COPY (SELECT id FROM ONLY public.big WHERE ctid = ANY (ARRAY(SELECT"
                + " format('(%s,%s)', b, s)::tid FROM generate_series(200, 249) b,"
                + " generate_series(1, (current_setting('block_size')::int - 24) / 28) s)))"
                + " TO STDOUT");
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
      Chunk.Keys previous = (Chunk.Keys) chunks.get(i - 1).range();
      Chunk.Keys next = (Chunk.Keys) chunks.get(i).range();
      assertThat(next.lower()).isEqualTo(previous.upper());
      if (i > 1) {
        assertThat(Long.parseLong(next.lower().orElseThrow()))
            .isGreaterThan(Long.parseLong(previous.lower().orElseThrow()));
      }
    }
    assertThat(((Chunk.Keys) chunks.get(0).range()).lower()).isEmpty();
    assertThat(((Chunk.Keys) chunks.get(9).range()).upper()).isEmpty();
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
  void cutsAKeyOfAnyOtherTypeBetweenTheSampledBoundsOpenAtBothEnds() {
    SnapshotTable texts =
        new SnapshotTable(
            new TableId("public", "texts"),
            "t",
            List.of("code"),
            250,
            Optional.of(new SnapshotTable.KeySample("code", List.of("E'g'", "E'o''k'"))));
    assertThat(new ChunkPlanner(100, false).plan(List.of(texts)))
        .extracting(Chunk::copySql)
        .containsExactly(
            "COPY (SELECT code FROM ONLY public.texts WHERE code < E'g') TO STDOUT",
            "COPY (SELECT code FROM ONLY public.texts WHERE code >= E'g' AND code < E'o''k')"
                + " TO STDOUT",
            "COPY (SELECT code FROM ONLY public.texts WHERE code >= E'o''k') TO STDOUT");
    // With TID range scans the sample is not read, and blocks decide.
    assertThat(new ChunkPlanner(100, true).plan(List.of(texts)))
        .extracting(Chunk::range)
        .allMatch(range -> range instanceof Chunk.Blocks);
  }

  @Test
  void writesSampledBoundsAsEscapeLiteralsWhateverTheyHold() {
    assertThat(ChunkReader.literal("it's a \\ path")).isEqualTo("E'it''s a \\\\ path'");
    assertThat(ChunkReader.literal("")).isEqualTo("E''");
  }

  @Test
  void quotesEveryNameInTheCopyStatement() {
    SnapshotTable hostile =
        new SnapshotTable(
            new TableId("Sch\"ema", "ta ble;--"), "t", List.of("a\"b", "select"), 500);
    assertThat(new Chunk(hostile, 2, 3, new Chunk.Blocks(100, 200)).copySql())
        .isEqualTo(
            "COPY (SELECT \"a\"\"b\", \"select\" FROM ONLY \"Sch\"\"ema\".\"ta ble;--\""
                + " WHERE ctid >= '(100,0)'::tid AND ctid < '(200,0)'::tid) TO STDOUT");
    assertThat(Chunk.whole(hostile).copySql())
        .isEqualTo("COPY \"Sch\"\"ema\".\"ta ble;--\" (\"a\"\"b\", \"select\") TO STDOUT");
  }
}
