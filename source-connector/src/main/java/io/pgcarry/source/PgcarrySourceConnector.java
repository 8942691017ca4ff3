package io.pgcarry.source;

import io.debezium.connector.postgresql.PostgresConnector;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;

/**
 * Debezium's PostgreSQL connector with pgcarry's full load and defaults ({@link SourceDefaults}):
 * it reads the existing rows as COPY chunks from the slot's exported snapshot ({@link
 * SourceConfig}), then streams committed changes from the logical replication slot into one topic
 * per table, each change stamped with its position in the stream.
 *
 * <p>Every Debezium setting remains available and overrides the default of the same name.
 */
public class PgcarrySourceConnector extends PostgresConnector {

  static final String VERSION = implementationVersion();

  @Override
  public void start(Map<String, String> props) {
    super.start(SourceDefaults.apply(props));
  }

  @Override
  public Class<? extends Task> taskClass() {
    return PgcarrySourceTask.class;
  }

  @Override
  public ConfigDef config() {
    ConfigDef def = new ConfigDef(super.config());
    SourceConfig.CONFIG_DEF.configKeys().values().forEach(def::define);
    return def;
  }

  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config config = super.validate(SourceDefaults.apply(connectorConfigs));
    Map<String, ConfigValue> own = new java.util.HashMap<>();
    for (ConfigValue value : SourceConfig.CONFIG_DEF.validate(connectorConfigs)) {
      own.put(value.name(), value);
      config.configValues().add(value);
    }
    try {
      new SourceConfig(connectorConfigs);
    } catch (ConfigException e) {
      ConfigValue format = own.get(SourceConfig.SNAPSHOT_FORMAT);
      if (format != null && format.errorMessages().isEmpty()) {
        format.addErrorMessage(e.getMessage());
      }
    }
    return config;
  }

  @Override
  public String version() {
    return VERSION;
  }

  private static String implementationVersion() {
    String version = PgcarrySourceConnector.class.getPackage().getImplementationVersion();
    return version == null ? "0.1.0-SNAPSHOT" : version;
  }
}
