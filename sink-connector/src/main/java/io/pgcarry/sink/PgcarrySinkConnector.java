package io.pgcarry.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Applies the change events of a pgcarry migration to the target PostgreSQL database. Each task
 * gets the same configuration plus its task id; Connect spreads the topic partitions over them.
 * {@link #validate} adds a live check of the target connection to the field checks; {@link
 * #alterOffsets} honours Connect's offset reset and refuses alterations ({@link OffsetReset}).
 */
public class PgcarrySinkConnector extends SinkConnector {

  /** The version reported to Connect. */
  public static final String VERSION =
      PgcarrySinkConnector.class.getPackage().getImplementationVersion() == null
          ? "0.1.0-SNAPSHOT"
          : PgcarrySinkConnector.class.getPackage().getImplementationVersion();

  private Map<String, String> props;

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public void start(Map<String, String> props) {
    new SinkConfig(props);
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return PgcarrySinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>();
    for (int i = 0; i < maxTasks; i++) {
      Map<String, String> task = new HashMap<>(props);
      task.put(SinkConfig.TASK_ID, Integer.toString(i));
      configs.add(task);
    }
    return configs;
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return SinkConfig.CONFIG_DEF;
  }

  /**
   * Connect's offset reset ({@code DELETE /connectors/…/offsets}) deletes the connector's stored
   * positions on the target, so that the sink starts over from the offsets Kafka gives; altering
   * offsets to given values is refused with a message that says why.
   */
  @Override
  public boolean alterOffsets(
      Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
    OffsetReset.apply(connectorConfig, offsets);
    return true;
  }

  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config config = super.validate(connectorConfigs);
    Map<String, ConfigValue> byName = new HashMap<>();
    config.configValues().forEach(v -> byName.put(v.name(), v));
    new TargetCheck().check(byName);
    return config;
  }
}
