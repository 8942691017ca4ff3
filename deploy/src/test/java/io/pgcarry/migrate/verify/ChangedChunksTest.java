package io.pgcarry.migrate.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.TableId;
import io.pgcarry.common.stream.ChunkMarker;
import io.pgcarry.common.stream.StreamHeaders;
import io.pgcarry.common.verify.KeyRange;
import io.pgcarry.common.verify.RowChecksum;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ChangedChunksTest {

  private static final String RUN = "20261203T120000Z-4f2a";

  private static final TableToVerify TABLE =
      new TableToVerify(new TableId("public", "t"), List.of("id", "v"), "id", 300, 1L, 300L);

  private static final List<PlannedChunk> CHUNKS =
      List.of(
          new PlannedChunk(RUN, 1, 3, TABLE, new KeyRange(null, 100L)),
          new PlannedChunk(RUN, 2, 3, TABLE, new KeyRange(100L, 200L)),
          new PlannedChunk(RUN, 3, 3, TABLE, new KeyRange(200L, null)));

  private long offset;

  @Test
  void aChangeTouchesTheChunkOfItsKeyOnlyAfterThatChunksMarker() {
    ChangedChunks.Tracker tracker = new ChangedChunks.Tracker(RUN, CHUNKS);
    tracker.read(change(150));
    tracker.read(marker(1, StreamHeaders.KIND_VERIFY, RUN));
    tracker.read(marker(2, StreamHeaders.KIND_VERIFY, RUN));
    tracker.read(change(50));
    tracker.read(marker(3, StreamHeaders.KIND_VERIFY, RUN));
    tracker.read(marker(2, StreamHeaders.KIND_VERIFY, "20261203T110000Z-1234"));
    tracker.read(marker(2, StreamHeaders.KIND_INSPECT, "20261203T130000Z-aaaa"));
    tracker.read(change(999));

    assertThat(tracker.untouched()).containsExactly(2);
    assertThat(tracker.changedKeys()).isEqualTo(Map.of(1, Set.of(50L), 3, Set.of(999L)));
    assertThat(tracker.allWhole()).isFalse();
  }

  @Test
  void aRepairTouchesTheChunksItsRangeOverlaps() {
    ChangedChunks.Tracker tracker = located();
    tracker.read(marker(2, StreamHeaders.KIND_REPAIR, "20261203T130000Z-bbbb"));

    assertThat(tracker.untouched()).containsExactlyInAnyOrder(1, 3);
  }

  @Test
  void aRecordThatMayTouchAnyRowTouchesEveryChunk() {
    for (ConsumerRecord<byte[], byte[]> record :
        List.of(
            withKind(record(null, "{}"), StreamHeaders.KIND_DDL),
            withKind(record(null, "1\tx\n"), StreamHeaders.KIND_COPY),
            record(null, "{\"op\":\"t\"}"),
            record("{\"other\":5}", "{}"),
            record("{\"id\":\"text\"}", "{}"))) {
      ChangedChunks.Tracker tracker = located();
      tracker.read(record);
      assertThat(tracker.untouched()).as(record.toString()).isEmpty();
      assertThat(tracker.changedKeys()).as(record.toString()).isEmpty();
      assertThat(tracker.allWhole()).isTrue();
    }
  }

  @Test
  void aKeyWithoutItsSchemaEnvelopeIsReadToo() {
    ChangedChunks.Tracker tracker = located();
    tracker.read(record("{\"id\":250}", "{}"));

    assertThat(tracker.untouched()).containsExactlyInAnyOrder(1, 2);
    assertThat(tracker.changedKeys()).isEqualTo(Map.of(3, Set.of(250L)));
  }

  @Test
  void aChunkWithTooManyChangedKeysIsComparedWhole() {
    ChangedChunks.Tracker tracker = located();
    for (long id = 200; id <= 200 + ChangedChunks.MAX_KEYS; id++) {
      tracker.read(record("{\"id\":" + id + "}", "{}"));
    }
    tracker.read(change(150));

    assertThat(tracker.untouched()).containsExactly(1);
    assertThat(tracker.changedKeys()).isEqualTo(Map.of(2, Set.of(150L)));
  }

  @Test
  void aRepairAfterChangesByKeyMakesTheChunkWhole() {
    ChangedChunks.Tracker tracker = located();
    tracker.read(change(150));
    tracker.read(change(250));
    tracker.read(marker(2, StreamHeaders.KIND_REPAIR, "20261203T130000Z-bbbb"));

    assertThat(tracker.changedKeys()).isEqualTo(Map.of(3, Set.of(250L)));
    assertThat(tracker.untouched()).containsExactly(1);
  }

  @Test
  void aChunkWhoseMarkerIsNotFoundIsNeverUntouched() {
    ChangedChunks.Tracker tracker = new ChangedChunks.Tracker(RUN, CHUNKS);
    tracker.read(marker(3, StreamHeaders.KIND_VERIFY, RUN));

    assertThat(tracker.untouched()).containsExactly(3);
  }

  @Test
  void rangesOverlapUnlessOneEndsWhereTheOtherBegins() {
    assertThat(ChangedChunks.Tracker.overlaps(new KeyRange(null, 100L), new KeyRange(100L, null)))
        .isFalse();
    assertThat(ChangedChunks.Tracker.overlaps(new KeyRange(50L, 150L), new KeyRange(100L, 200L)))
        .isTrue();
    assertThat(ChangedChunks.Tracker.overlaps(KeyRange.ALL, new KeyRange(5L, 6L))).isTrue();
  }

  @Test
  void aRunsNameSaysWhenItStarted() {
    assertThat(OnlineVerification.started(RUN)).isEqualTo(Instant.parse("2026-12-03T12:00:00Z"));
    assertThat(OnlineVerification.started("no date")).isEqualTo(Instant.EPOCH);
  }

  private ChangedChunks.Tracker located() {
    ChangedChunks.Tracker tracker = new ChangedChunks.Tracker(RUN, CHUNKS);
    for (int chunk = 1; chunk <= 3; chunk++) {
      tracker.read(marker(chunk, StreamHeaders.KIND_VERIFY, RUN));
    }
    assertThat(tracker.untouched()).containsExactlyInAnyOrder(1, 2, 3);
    return tracker;
  }

  private ConsumerRecord<byte[], byte[]> change(long id) {
    return record(
        "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"field\":\"id\"}]},"
            + "\"payload\":{\"id\":"
            + id
            + "}}",
        "{\"payload\":{}}");
  }

  private ConsumerRecord<byte[], byte[]> marker(int chunk, String kind, String run) {
    byte[] json =
        new ChunkMarker(
                run,
                chunk,
                CHUNKS.size(),
                TABLE.table(),
                TABLE.columns(),
                TABLE.key(),
                CHUNKS.get(chunk - 1).range(),
                new RowChecksum.Result(10, "42"),
                null)
            .toJson();
    String value = new String(json, StandardCharsets.UTF_8);
    if (!kind.equals(StreamHeaders.KIND_VERIFY)) {
      value = value + "\n1\tx\n";
    }
    return withKind(record(null, value), kind);
  }

  private ConsumerRecord<byte[], byte[]> record(String key, String value) {
    return new ConsumerRecord<>(
        "m.public.t",
        0,
        offset++,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8));
  }

  private static ConsumerRecord<byte[], byte[]> withKind(
      ConsumerRecord<byte[], byte[]> record, String kind) {
    record.headers().add(StreamHeaders.KIND, kind.getBytes(StandardCharsets.UTF_8));
    return record;
  }
}
