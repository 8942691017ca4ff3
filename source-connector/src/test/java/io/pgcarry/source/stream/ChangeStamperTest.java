package io.pgcarry.source.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.stream.StreamHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class ChangeStamperTest {

  private static final Map<String, String> PARTITION = Map.of("server", "p");
  private static final Schema MARKER =
      SchemaBuilder.struct()
          .name("io.debezium.connector.common.TransactionMetadataValue")
          .field("status", Schema.STRING_SCHEMA)
          .build();
  private static final Schema ENVELOPE =
      SchemaBuilder.struct().name("p.public.t.Envelope").field("op", Schema.STRING_SCHEMA).build();
  private static final Schema HEARTBEAT =
      SchemaBuilder.struct()
          .name("io.debezium.connector.common.Heartbeat")
          .field("ts_ms", Schema.INT64_SCHEMA)
          .build();

  private static SourceRecord marker(String status, long lsnCommit, long lsn) {
    return new SourceRecord(
        PARTITION,
        Map.of("lsn_commit", lsnCommit, "lsn", lsn),
        "p.transaction",
        null,
        null,
        null,
        MARKER,
        new Struct(MARKER).put("status", status));
  }

  private static SourceRecord change(String topic, long lsnCommit, long lsn) {
    return new SourceRecord(
        PARTITION,
        Map.of("lsn_commit", lsnCommit, "lsn", lsn),
        topic,
        null,
        null,
        null,
        ENVELOPE,
        new Struct(ENVELOPE).put("op", "c"));
  }

  private static SourceRecord heartbeat(long lsn) {
    return new SourceRecord(
        PARTITION,
        Map.of("lsn", lsn),
        "__debezium-heartbeat.p",
        null,
        null,
        null,
        HEARTBEAT,
        new Struct(HEARTBEAT).put("ts_ms", 1L));
  }

  private static String header(SourceRecord record, String name) {
    Header header = record.headers().lastWithName(name);
    return header == null ? null : (String) header.value();
  }

  @Test
  void stampsChangesWithTheirPositionAndGivesThemThePreviousBoundaryAsOffset() {
    ChangeStamper stamper =
        new ChangeStamper(PARTITION, "0/10", new Lsn(0x50), Map.of("lsn", 0x60L), true);
    List<SourceRecord> out =
        stamper.stamp(
            List.of(
                marker("BEGIN", 0x70, 0x80),
                change("p.public.a", 0x70, 0x81),
                change("p.public.b", 0x70, 0x82),
                change("p.public.a", 0x70, 0x83),
                marker("END", 0x90, 0x90)));

    assertThat(out)
        .extracting(SourceRecord::topic)
        .containsExactly(
            "p.transaction", "p.public.a", "p.public.a", "p.public.b", "p.transaction");
    List<SourceRecord> changes = out.subList(1, 4);
    assertThat(changes).extracting(r -> header(r, StreamHeaders.TX_AFTER)).containsOnly("0/70");
    assertThat(changes).extracting(r -> header(r, StreamHeaders.TX_FIRST)).containsOnly("0/81");
    assertThat(changes)
        .extracting(r -> header(r, StreamHeaders.TX_SEQ))
        .containsExactly("1", "3", "2");
    assertThat(changes)
        .extracting(r -> header(r, StreamHeaders.TX_END))
        .containsExactly(null, "true", "true");
    assertThat(out.subList(0, 4))
        .extracting(SourceRecord::sourceOffset)
        .containsOnly(Map.of("lsn", 0x60L));
    assertThat(out.get(4).sourceOffset())
        .isEqualTo(
            Map.of("lsn_commit", 0x90L, "lsn", 0x90L, ChangeStamper.OFFSET_SNAPSHOT, "0/10"));
  }

  @Test
  void usesTheSlotPositionWhenTheLastCommitKnownIsOlder() {
    ChangeStamper stamper = new ChangeStamper(PARTITION, null, new Lsn(0x100), null, true);
    List<SourceRecord> out =
        stamper.stamp(
            List.of(
                marker("BEGIN", 0x70, 0x80),
                change("p.public.a", 0x70, 0x81),
                marker("END", 0x190, 0x190)));
    assertThat(header(out.get(1), StreamHeaders.TX_AFTER)).isEqualTo("0/100");
    // Without a resumed offset, the records of the first transaction carry none.
    assertThat(out.get(1).sourceOffset()).isNull();
  }

  @Test
  void holdsEachTopicsLatestChangeUntilTheTransactionEndsAcrossBatches() {
    ChangeStamper stamper = new ChangeStamper(PARTITION, null, Lsn.ZERO, null, true);
    List<SourceRecord> first =
        stamper.stamp(
            List.of(
                marker("BEGIN", 0x70, 0x80),
                change("p.public.a", 0x70, 0x81),
                change("p.public.a", 0x70, 0x82)));
    assertThat(first).extracting(r -> header(r, StreamHeaders.TX_SEQ)).containsExactly(null, "1");
    List<SourceRecord> second = stamper.stamp(List.of(heartbeat(0x82), marker("END", 0x90, 0x90)));
    assertThat(second)
        .extracting(SourceRecord::topic)
        .containsExactly("__debezium-heartbeat.p", "p.public.a", "p.transaction");
    assertThat(header(second.get(1), StreamHeaders.TX_SEQ)).isEqualTo("2");
    assertThat(header(second.get(1), StreamHeaders.TX_END)).isEqualTo("true");
    // A heartbeat inside a transaction must not move the offset into it.
    assertThat(second.get(0).sourceOffset()).isNull();
  }

  @Test
  void dropsTheMarkersOfAnEmptyTransactionButMovesTheBoundary() {
    ChangeStamper stamper = new ChangeStamper(PARTITION, "0/10", Lsn.ZERO, null, true);
    List<SourceRecord> out =
        new ArrayList<>(
            stamper.stamp(List.of(marker("BEGIN", 0x70, 0x80), marker("END", 0x90, 0x90))));
    assertThat(out).isEmpty();
    out.addAll(
        stamper.stamp(
            List.of(
                marker("BEGIN", 0x90, 0xA0),
                change("p.public.a", 0x90, 0xA1),
                marker("END", 0xB0, 0xB0))));
    assertThat(out.get(1).sourceOffset())
        .isEqualTo(
            Map.of("lsn_commit", 0x90L, "lsn", 0x90L, ChangeStamper.OFFSET_SNAPSHOT, "0/10"));
    assertThat(header(out.get(1), StreamHeaders.TX_AFTER)).isEqualTo("0/90");
  }

  @Test
  void withoutMarkersTheLastChangeOfATransactionCarriesItsEnd() {
    ChangeStamper stamper =
        new ChangeStamper(PARTITION, "0/10", new Lsn(0x50), Map.of("lsn", 0x60L), false);
    List<SourceRecord> out =
        new ArrayList<>(
            stamper.stamp(
                List.of(
                    marker("BEGIN", 0x70, 0x80),
                    change("p.public.a", 0x70, 0x81),
                    change("p.public.b", 0x70, 0x82),
                    change("p.public.a", 0x70, 0x83),
                    marker("END", 0x90, 0x90),
                    marker("BEGIN", 0x90, 0x91),
                    marker("END", 0x92, 0x92))));

    assertThat(out)
        .extracting(SourceRecord::topic)
        .containsExactly("p.public.a", "p.public.a", "p.public.b");
    assertThat(out).extracting(r -> header(r, StreamHeaders.TX_SEQ)).containsExactly("1", "3", "2");
    assertThat(out)
        .extracting(r -> header(r, StreamHeaders.TX_END))
        .containsExactly(null, "true", "true");
    assertThat(out.subList(0, 2))
        .extracting(SourceRecord::sourceOffset)
        .containsOnly(Map.of("lsn", 0x60L));
    Map<String, Object> end =
        Map.of("lsn_commit", 0x90L, "lsn", 0x90L, ChangeStamper.OFFSET_SNAPSHOT, "0/10");
    assertThat(out.get(2).sourceOffset()).isEqualTo(end);
    // The empty transaction moved the boundary: the next change carries it, and no marker.
    out.addAll(
        stamper.stamp(
            List.of(
                marker("BEGIN", 0x92, 0xA0),
                change("p.public.a", 0x92, 0xA1),
                marker("END", 0xB0, 0xB0))));
    assertThat(out).hasSize(4);
    assertThat(header(out.get(3), StreamHeaders.TX_AFTER)).isEqualTo("0/92");
    assertThat(out.get(3).sourceOffset())
        .isEqualTo(
            Map.of("lsn_commit", 0xB0L, "lsn", 0xB0L, ChangeStamper.OFFSET_SNAPSHOT, "0/10"));
  }

  @Test
  void leavesRecordsOfOtherPartitionsAlone() {
    ChangeStamper stamper = new ChangeStamper(PARTITION, null, Lsn.ZERO, null, true);
    SourceRecord other =
        new SourceRecord(
            Map.of("server", "q"), Map.of("x", 1), "q.t", null, null, null, null, null);
    assertThat(stamper.stamp(List.of(other))).containsExactly(other);
  }
}
