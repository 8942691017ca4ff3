package io.pgcarry.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SourceDefaultsTest {

  @Test
  void aUserSettingWinsOverADefault() {
    assertThat(SourceDefaults.apply(Map.of("heartbeat.interval.ms", "1000")))
        .containsEntry("heartbeat.interval.ms", "1000")
        .containsEntry("plugin.name", "pgoutput");
  }

  @Test
  void theCopyFullLoadLeavesDebeziumNoSnapshotAndNoPublicationToManage() {
    Map<String, String> config =
        SourceDefaults.forStreaming(
            Map.of("publication.autocreate.mode", "all_tables"), SnapshotFormat.COPY);
    assertThat(config)
        .containsEntry("snapshot.mode", "no_data")
        .containsEntry("publication.autocreate.mode", "disabled")
        .containsEntry("provide.transaction.metadata", "true");
  }

  @Test
  void debeziumsSnapshotIsInitialUnlessTheUserChoseAnotherMode() {
    assertThat(SourceDefaults.forStreaming(Map.of(), SnapshotFormat.EVENTS))
        .containsEntry("snapshot.mode", "initial")
        .containsEntry("provide.transaction.metadata", "true");
    assertThat(
            SourceDefaults.forStreaming(
                Map.of("snapshot.mode", "when_needed"), SnapshotFormat.EVENTS))
        .containsEntry("snapshot.mode", "when_needed");
  }

  @Test
  void aDebeziumSnapshotModeWithTheCopyFullLoadIsRefusedNamingTheFix() {
    assertThatThrownBy(() -> new SourceConfig(Map.of("snapshot.mode", "initial")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("snapshot.format=events");
    assertThatThrownBy(() -> new SourceConfig(Map.of("snapshot.format", "rows")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("snapshot.format");
  }

  @Test
  void theHeartbeatMessageIsNotPublished() {
    assertThat(SourceDefaults.settings().get("heartbeat.action.query"))
        .contains(SourceDefaults.HEARTBEAT_PREFIX);
    assertThat(SourceDefaults.settings())
        .containsEntry("message.prefix.exclude.list", SourceDefaults.HEARTBEAT_PREFIX);
  }
}
