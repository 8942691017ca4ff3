package io.pgcarry.migrate;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import io.pgcarry.schema.catalog.SourceTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds the configurations of a migration's source and sink connectors. */
public final class ConnectorConfigs {

  static final String SOURCE_CLASS = "io.pgcarry.source.PgcarrySourceConnector";
  static final String SINK_CLASS = "io.pgcarry.sink.PgcarrySinkConnector";

  private ConnectorConfigs() {}

  /**
   * The source connector: Debezium's settings for the source database and the selected tables;
   * pgcarry's type and streaming defaults come from the connector itself.
   */
  public static Map<String, String> source(MigrationSpec spec, List<SourceTable> tables) {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException(
          "no table of " + spec.source() + " is selected: check --include and --exclude");
    }
    PgUri uri = spec.source();
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", SOURCE_CLASS);
    config.put("tasks.max", "1");
    config.put("database.hostname", uri.host());
    config.put("database.port", Integer.toString(uri.port()));
    config.put("database.user", uri.user());
    if (uri.password() != null) {
      config.put("database.password", uri.password());
    }
    config.put("database.dbname", uri.database());
    String sslmode = uri.parameters().get("sslmode");
    if (sslmode != null) {
      config.put("database.sslmode", sslmode);
    }
    config.put("topic.prefix", spec.topicPrefix());
    config.put("slot.name", spec.slotName());
    config.put("publication.name", spec.publicationName());
    config.put(
        "table.include.list",
        tables.stream().map(t -> includePattern(t.id())).collect(Collectors.joining(",")));
    List<SourceTable> withChildren = tables.stream().filter(SourceTable::hasChildren).toList();
    if (!withChildren.isEmpty()) {
      // Reading an inheritance parent without ONLY would also read, and so duplicate, the rows of
      // its children, which are migrated as tables of their own.
      config.put(
          "snapshot.select.statement.overrides",
          withChildren.stream().map(t -> debeziumName(t.id())).collect(Collectors.joining(",")));
      for (SourceTable table : withChildren) {
        config.put(
            "snapshot.select.statement.overrides." + debeziumName(table.id()),
            "SELECT * FROM ONLY " + table.id().quoted());
      }
    }
    return config;
  }

  /** The sink connector, applying every change topic of the migration to the target. */
  public static Map<String, String> sink(MigrationSpec spec) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", SINK_CLASS);
    config.put("tasks.max", "1");
    config.put("topics.regex", spec.topicRegex());
    config.put("connection.uri", spec.target().toUriString());
    config.put("migration.name", spec.name());
    config.put("position.table", spec.positionTable().toString());
    // Change topics appear as the source connector first writes to them; a regex subscription
    // sees a new topic only at the next metadata refresh, five minutes by default.
    config.put("consumer.override.metadata.max.age.ms", "2000");
    return config;
  }

  /** Debezium's table include lists hold regular expressions over {@code schema.table}. */
  static String includePattern(TableId table) {
    return escape(table.schema()) + "\\." + escape(table.table());
  }

  private static String debeziumName(TableId table) {
    return table.schema() + "." + table.table();
  }

  private static String escape(String name) {
    StringBuilder out = new StringBuilder();
    for (char c : name.toCharArray()) {
      if (Character.isLetterOrDigit(c) || c == '_') {
        out.append(c);
      } else {
        out.append('\\').append(c);
      }
    }
    return out.toString();
  }
}
