package io.pgcarry.common.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.common.verify.KeyRange;
import io.pgcarry.common.verify.RowChecksum;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkMarkerTest {

  private static final ChunkMarker RANGE =
      new ChunkMarker(
          "20261202T163000Z-4f2a",
          3,
          10,
          new TableId("public", "orders"),
          List.of("id", "a \"quoted\" column", "b"),
          "id",
          new KeyRange(2001L, 3001L),
          new RowChecksum.Result(1000, "-4611686018427387904"),
          null);

  @Test
  void writesTheDocumentedFieldsAndReadsThemBack() throws Exception {
    JsonNode json = new ObjectMapper().readTree(RANGE.toJson());

    assertThat(json.path("run").asText()).isEqualTo("20261202T163000Z-4f2a");
    assertThat(json.path("chunk").asInt()).isEqualTo(3);
    assertThat(json.path("chunks").asInt()).isEqualTo(10);
    assertThat(json.path("schema").asText()).isEqualTo("public");
    assertThat(json.path("table").asText()).isEqualTo("orders");
    assertThat(json.path("columns")).hasSize(3);
    assertThat(json.path("key").asText()).isEqualTo("id");
    assertThat(json.path("from").asLong()).isEqualTo(2001);
    assertThat(json.path("to").asLong()).isEqualTo(3001);
    assertThat(json.path("rows").asLong()).isEqualTo(1000);
    assertThat(json.path("checksum").asText()).isEqualTo("-4611686018427387904");
    assertThat(json.has("lsn")).isFalse();
    assertThat(ChunkMarker.parse(RANGE.toJson())).isEqualTo(RANGE);
  }

  @Test
  void carriesTheMessageLsnOnceTheSourceConnectorAddsIt() {
    ChunkMarker at = RANGE.at(Lsn.parse("0/16B3F20"));

    assertThat(ChunkMarker.parse(at.toJson()).lsn()).isEqualTo(Lsn.parse("0/16B3F20"));
    assertThat(ChunkMarker.parse(at.toJson())).isEqualTo(at);
  }

  @Test
  void aWholeTableHasNoKeyAndNoBounds() throws Exception {
    ChunkMarker whole =
        new ChunkMarker(
            "r",
            1,
            1,
            new TableId("s", "keyless"),
            List.of("x"),
            null,
            KeyRange.ALL,
            new RowChecksum.Result(0, "0"),
            null);
    JsonNode json = new ObjectMapper().readTree(whole.toJson());

    assertThat(json.get("key").isNull()).isTrue();
    assertThat(json.get("from").isNull()).isTrue();
    assertThat(json.get("to").isNull()).isTrue();
    assertThat(ChunkMarker.parse(whole.toJson())).isEqualTo(whole);
    assertThat(whole.describe()).isEqualTo("s.keyless (the whole table)");
  }

  @Test
  void readsOpenEndedRanges() {
    String first =
        "{\"run\":\"r\",\"chunk\":1,\"chunks\":2,\"schema\":\"public\",\"table\":\"t\","
            + "\"columns\":[\"id\"],\"key\":\"id\",\"from\":null,\"to\":501,"
            + "\"rows\":500,\"checksum\":\"77\",\"lsn\":\"1/0\"}";

    ChunkMarker marker = ChunkMarker.parse(first.getBytes(StandardCharsets.UTF_8));

    assertThat(marker.range()).isEqualTo(new KeyRange(null, 501L));
    assertThat(marker.describe()).isEqualTo("public.t id < 501");
    assertThat(marker.lsn()).isEqualTo(Lsn.parse("1/0"));
  }

  @Test
  void refusesWhatIsNoMarker() {
    assertThatThrownBy(() -> ChunkMarker.parse("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(
            () ->
                ChunkMarker.parse(
                    "{\"run\":\"r\",\"chunk\":1,\"chunks\":1,\"schema\":\"s\",\"table\":\"t\"}"
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rows");
    assertThatThrownBy(
            () ->
                new ChunkMarker(
                    "r",
                    1,
                    1,
                    new TableId("s", "t"),
                    List.of("x"),
                    null,
                    new KeyRange(1L, 2L),
                    new RowChecksum.Result(1, "1"),
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without its key column");
  }
}
