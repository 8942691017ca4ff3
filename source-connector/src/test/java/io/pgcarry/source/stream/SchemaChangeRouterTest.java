package io.pgcarry.source.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.common.stream.ChunkMarker;
import io.pgcarry.common.stream.SchemaChanges;
import io.pgcarry.common.stream.StreamHeaders;
import io.pgcarry.common.verify.KeyRange;
import io.pgcarry.common.verify.RowChecksum;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class SchemaChangeRouterTest {

  private static final Map<String, String> PARTITION = Map.of("server", "m");
  private static final Schema MESSAGE =
      SchemaBuilder.struct()
          .field("prefix", Schema.STRING_SCHEMA)
          .field("content", Schema.BYTES_SCHEMA)
          .build();
  private static final Schema VALUE =
      SchemaBuilder.struct()
          .name("io.debezium.connector.postgresql.MessageValue")
          .field("op", Schema.STRING_SCHEMA)
          .field("message", MESSAGE)
          .build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SchemaChangeRouter router =
      new SchemaChangeRouter(
          "m",
          t -> "m." + t.schema() + "." + t.table(),
          new LinkedHashSet<>(List.of(new TableId("public", "a"), new TableId("public", "b"))));

  private static SourceRecord message(String prefix, String content, long lsn) {
    Struct message =
        new Struct(MESSAGE)
            .put("prefix", prefix)
            .put("content", content.getBytes(StandardCharsets.UTF_8));
    return new SourceRecord(
        PARTITION,
        Map.of("lsn", lsn),
        "m.message",
        null,
        null,
        null,
        VALUE,
        new Struct(VALUE).put("op", "m").put("message", message));
  }

  @Test
  void aCommandGoesToTheTopicOfEveryTablePublishedBeforeOrAfterIt() throws Exception {
    // b is renamed to c: the command reaches b's old topic and c's new one.
    String command =
        "{\"tag\": \"ALTER TABLE\", \"query\": \"ALTER TABLE b RENAME TO c\","
            + " \"published\": [[\"public\", \"a\"], [\"public\", \"c\"]]}";

    List<SourceRecord> out =
        router.route(List.of(message(SchemaChanges.ddlPrefix("m"), command, 4096)));

    assertThat(out)
        .extracting(SourceRecord::topic)
        .containsExactly("m.public.a", "m.public.b", "m.public.c");
    for (SourceRecord record : out) {
      assertThat(record.headers().lastWithName(StreamHeaders.KIND).value())
          .isEqualTo(StreamHeaders.KIND_DDL);
      JsonNode value = JSON.readTree((byte[]) record.value());
      assertThat(value.path("lsn").asLong()).isEqualTo(4096);
      assertThat(value.path("topics")).hasSize(3);
    }
    assertThat(router.published())
        .containsExactlyInAnyOrder(new TableId("public", "a"), new TableId("public", "c"));
  }

  @Test
  void rowsOfAJoiningTableBecomeFullLoadRecordsOfItsTopic() {
    String header =
        "{\"schema\": \"public\", \"table\": \"n\", \"columns\": [\"id\", \"v\"], \"rows\": 2,"
            + " \"chunk\": 1, \"snapshot\": \"0/5000\"}";
    SourceRecord rows = message(SchemaChanges.rowsPrefix("m"), header + "\n1\tx\n2\t\\N\n", 5000);
    SourceRecord end =
        message(
            SchemaChanges.rowsEndPrefix("m"),
            "{\"schema\": \"public\", \"table\": \"n\", \"rows\": 2, \"snapshot\": \"0/5000\"}",
            5001);

    List<SourceRecord> out = router.route(List.of(rows, end));

    assertThat(out).extracting(SourceRecord::topic).containsOnly("m.public.n");
    assertThat(new String((byte[]) out.get(0).value(), StandardCharsets.UTF_8))
        .isEqualTo("1\tx\n2\t\\N\n");
    assertThat(out.get(0).headers().lastWithName(StreamHeaders.COLUMNS).value())
        .isEqualTo("[\"id\",\"v\"]");
    assertThat(out.get(0).headers().lastWithName(StreamHeaders.SNAPSHOT).value())
        .isEqualTo("0/5000");
    assertThat(out.get(1).headers().lastWithName(StreamHeaders.KIND).value())
        .isEqualTo(StreamHeaders.KIND_SNAPSHOT_END);
    assertThat(out.get(1).headers().lastWithName(StreamHeaders.ROWS).value()).isEqualTo("2");
  }

  @Test
  void aChunkMarkerGoesToItsTableTopicAloneWithItsLsn() {
    ChunkMarker marker =
        new ChunkMarker(
            "r1",
            2,
            5,
            new TableId("public", "b"),
            List.of("id", "v"),
            "id",
            new KeyRange(1001L, 2001L),
            new RowChecksum.Result(1000, "12345"),
            null);
    String json = new String(marker.toJson(), StandardCharsets.UTF_8);

    List<SourceRecord> out =
        router.route(List.of(message(SchemaChanges.verifyPrefix("m"), json, 0x16B3F20L)));

    assertThat(out).extracting(SourceRecord::topic).containsExactly("m.public.b");
    assertThat(out.get(0).headers().lastWithName(StreamHeaders.KIND).value())
        .isEqualTo(StreamHeaders.KIND_VERIFY);
    assertThat(ChunkMarker.parse((byte[]) out.get(0).value()))
        .isEqualTo(marker.at(Lsn.parse("0/16B3F20")));
  }

  @Test
  void aRepairKeepsItsRowsAfterTheMarkerLine() {
    ChunkMarker marker =
        new ChunkMarker(
            "r2",
            1,
            1,
            new TableId("public", "a"),
            List.of("id", "v"),
            "id",
            new KeyRange(null, 10L),
            new RowChecksum.Result(2, "5"),
            null);
    String content = new String(marker.toJson(), StandardCharsets.UTF_8) + "\n1\tx\n2\t\\N\n";

    List<SourceRecord> out =
        router.route(List.of(message(SchemaChanges.repairPrefix("m"), content, 0x100L)));

    assertThat(out).extracting(SourceRecord::topic).containsExactly("m.public.a");
    assertThat(out.get(0).headers().lastWithName(StreamHeaders.KIND).value())
        .isEqualTo(StreamHeaders.KIND_REPAIR);
    String value = new String((byte[]) out.get(0).value(), StandardCharsets.UTF_8);
    int newline = value.indexOf('\n');
    assertThat(ChunkMarker.parse(value.substring(0, newline).getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(marker.at(new Lsn(0x100L)));
    assertThat(value.substring(newline)).isEqualTo("\n1\tx\n2\t\\N\n");
  }

  @Test
  void anInspectionKeepsItsRowsAfterTheMarkerLineUnderItsOwnKind() {
    ChunkMarker marker =
        new ChunkMarker(
            "r3",
            1,
            1,
            new TableId("public", "a"),
            List.of("id", "v"),
            null,
            KeyRange.ALL,
            new RowChecksum.Result(1, "5"),
            null);
    String content = new String(marker.toJson(), StandardCharsets.UTF_8) + "\n1\tx\n";

    List<SourceRecord> out =
        router.route(List.of(message(SchemaChanges.inspectPrefix("m"), content, 0x200L)));

    assertThat(out).extracting(SourceRecord::topic).containsExactly("m.public.a");
    assertThat(out.get(0).headers().lastWithName(StreamHeaders.KIND).value())
        .isEqualTo(StreamHeaders.KIND_INSPECT);
    String value = new String((byte[]) out.get(0).value(), StandardCharsets.UTF_8);
    assertThat(value.substring(value.indexOf('\n'))).isEqualTo("\n1\tx\n");
  }

  @Test
  void chunkMarkersAreRoutedAndTriggerMessagesPassWhenDdlIsNotCaptured() {
    SchemaChangeRouter withoutCapture =
        new SchemaChangeRouter("m", t -> "m." + t.schema() + "." + t.table(), null);
    ChunkMarker marker =
        new ChunkMarker(
            "r1",
            1,
            1,
            new TableId("public", "a"),
            List.of("x"),
            null,
            KeyRange.ALL,
            new RowChecksum.Result(3, "9"),
            null);
    SourceRecord command = message(SchemaChanges.ddlPrefix("m"), "{\"tag\": \"X\"}", 1);
    SourceRecord verify =
        message(
            SchemaChanges.verifyPrefix("m"),
            new String(marker.toJson(), StandardCharsets.UTF_8),
            2);

    List<SourceRecord> out = withoutCapture.route(List.of(command, verify));

    assertThat(out).extracting(SourceRecord::topic).containsExactly("m.message", "m.public.a");
    assertThat(out.get(0)).isSameAs(command);
  }

  @Test
  void otherMessagesAndRecordsPassUnchanged() {
    SourceRecord other = message("someone-else", "hello", 1);
    SourceRecord otherMigration = message(SchemaChanges.ddlPrefix("n"), "{}", 2);

    assertThat(router.route(List.of(other, otherMigration))).containsExactly(other, otherMigration);
    Set<TableId> unchanged = router.published();
    assertThat(unchanged).hasSize(2);
  }
}
