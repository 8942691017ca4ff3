package io.pgcarry.source;

import io.debezium.connector.postgresql.PostgresConnector;
import java.util.Map;
import org.apache.kafka.common.config.Config;

/**
 * Debezium's PostgreSQL connector with pgcarry's defaults ({@link SourceDefaults}): it snapshots a
 * database from the slot's exported snapshot, then streams committed changes from the logical
 * replication slot into one topic per table.
 *
 * <p>Every Debezium setting remains available and overrides the default of the same name.
 */
public class PgcarrySourceConnector extends PostgresConnector {

  @Override
  public void start(Map<String, String> props) {
    super.start(SourceDefaults.apply(props));
  }

  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    return super.validate(SourceDefaults.apply(connectorConfigs));
  }

  @Override
  public String version() {
    String version = PgcarrySourceConnector.class.getPackage().getImplementationVersion();
    return version == null ? "0.1.0-SNAPSHOT" : version;
  }
}
