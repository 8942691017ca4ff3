package io.pgcarry.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceDefaultsTest {

  @Test
  void userSettingsOverrideDefaults() {
    Map<String, String> merged = SourceDefaults.apply(Map.of("snapshot.mode", "no_data"));

    assertThat(merged)
        .containsEntry("snapshot.mode", "no_data")
        .containsEntry("plugin.name", "pgoutput");
  }

  @Test
  void keepsOnePartitionPerTableForCommitOrder() {
    assertThat(SourceDefaults.settings()).containsEntry("topic.creation.default.partitions", "1");
  }
}
