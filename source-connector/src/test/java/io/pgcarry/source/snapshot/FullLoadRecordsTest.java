package io.pgcarry.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class FullLoadRecordsTest {

  /**
   * Connect finds an offset by its partition's serialized bytes; a partition written by one JVM
   * must serialize the same way in the next one, where Map.of would order its keys differently.
   */
  @Test
  void thePartitionSerializesInOneOrder() {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "false"), true);
    byte[] key =
        converter.fromConnectData(
            "offsets", null, List.of("src", FullLoadRecords.partition("shop")));
    assertThat(new String(key, StandardCharsets.UTF_8))
        .isEqualTo("[\"src\",{\"server\":\"shop\",\"pgcarry\":\"full-load\"}]");
  }
}
