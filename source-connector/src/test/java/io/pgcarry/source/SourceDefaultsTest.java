package io.pgcarry.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.config.CommonConnectorConfig.BinaryHandlingMode;
import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.connector.postgresql.PostgresConnectorConfig.LogicalDecoder;
import io.debezium.connector.postgresql.PostgresConnectorConfig.SnapshotMode;
import io.debezium.data.Envelope.Operation;
import io.debezium.jdbc.JdbcValueConverters.DecimalMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.util.TopicCreationGroup;
import org.junit.jupiter.api.Test;

/**
 * pgcarry's defaults as Debezium and Connect read them: what the connector does with them, not the
 * strings that spell them.
 */
class SourceDefaultsTest {

  /** What a user must give: where the database is, and the topic prefix. */
  private static final Map<String, String> USER =
      Map.of(
          "name", "shop-source",
          "connector.class", PgcarrySourceConnector.class.getName(),
          "database.hostname", "127.0.0.1",
          "database.port", "5432",
          "database.user", "postgres",
          "database.dbname", "shop",
          "topic.prefix", "shop");

  @Test
  void aUserSettingWinsOverADefault() {
    assertThat(SourceDefaults.apply(Map.of("heartbeat.interval.ms", "1000")))
        .containsEntry("heartbeat.interval.ms", "1000")
        .containsEntry("plugin.name", "pgoutput");
    assertThat(debezium(Map.of("snapshot.mode", "no_data")).getSnapshotMode())
        .isEqualTo(SnapshotMode.NO_DATA);
  }

  @Test
  void debeziumAcceptsEveryDefault() {
    Map<String, ConfigValue> validated =
        Configuration.from(SourceDefaults.apply(USER)).validate(PostgresConnectorConfig.ALL_FIELDS);

    List<String> problems = new ArrayList<>();
    for (String key : SourceDefaults.settings().keySet()) {
      ConfigValue value = validated.get(key);
      if (value != null && !value.errorMessages().isEmpty()) {
        problems.add(key + ": " + value.errorMessages());
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void streamsWithPgoutputAndKeepsTheSlotAcrossRestarts() {
    PostgresConnectorConfig config = debezium(Map.of());

    assertThat(config.plugin()).isEqualTo(LogicalDecoder.PGOUTPUT);
    assertThat(config.getSnapshotMode()).isEqualTo(SnapshotMode.INITIAL);
    assertThat(
            Configuration.from(SourceDefaults.apply(USER))
                .getBoolean(PostgresConnectorConfig.DROP_SLOT_ON_STOP))
        .isFalse();
  }

  @Test
  void sendsTruncatesAndNoTombstones() {
    PostgresConnectorConfig config = debezium(Map.of());

    assertThat(config.getSkippedOperations()).doesNotContain(Operation.TRUNCATE);
    assertThat(config.isEmitTombstoneOnDelete()).isFalse();
  }

  @Test
  void carriesNumericsAsTextAndByteaAsBytesForTheSinksDecoding() {
    PostgresConnectorConfig config = debezium(Map.of());

    assertThat(config.getDecimalMode()).isEqualTo(DecimalMode.STRING);
    assertThat(config.binaryHandlingMode()).isEqualTo(BinaryHandlingMode.BYTES);
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
  void streamingFromAnExistingSlotTakesNoSnapshotAndLeavesThePublicationAlone() {
    assertThat(SourceDefaults.forStreaming(Map.of(), SnapshotFormat.NONE))
        .containsEntry("snapshot.mode", "no_data")
        .containsEntry("publication.autocreate.mode", "disabled");
    assertThat(new SourceConfig(Map.of("snapshot.format", "none")).snapshotFormat())
        .isEqualTo(SnapshotFormat.NONE);
    assertThatThrownBy(
            () -> new SourceConfig(Map.of("snapshot.format", "none", "snapshot.mode", "initial")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("snapshot.format=none");
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

  @Test
  void keepsOnePartitionPerTableForCommitOrder() {
    SourceConnectorConfig connector =
        new SourceConnectorConfig(
            new Plugins(Map.of("plugin.discovery", "service_load")),
            SourceDefaults.apply(USER),
            true);

    TopicCreationGroup group = TopicCreationGroup.configuredGroups(connector).get("default");

    assertThat(group.newTopic("shop.public.orders").numPartitions()).isEqualTo(1);
  }

  private static PostgresConnectorConfig debezium(Map<String, String> overrides) {
    Map<String, String> user = new HashMap<>(USER);
    user.putAll(overrides);
    return new PostgresConnectorConfig(Configuration.from(SourceDefaults.apply(user)));
  }
}
