package io.pgcarry.migrate.connectors;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.schema.catalog.SourceTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds the configurations of a migration's source and sink connectors. */
public final class ConnectorConfigs {

  static final String SOURCE_CLASS = "io.pgcarry.source.PgcarrySourceConnector";
  static final String SINK_CLASS = "io.pgcarry.sink.PgcarrySinkConnector";

  /** The largest record of a change topic: full-load records are up to half a megabyte. */
  static final String MAX_MESSAGE_BYTES = Integer.toString(16 << 20);

  /**
   * The source connector's key and value converter: JsonConverter's JSON for change events, written
   * without JsonConverter's tree; the raw bytes of full-load records and DDL commands (base64
   * inside JSON was most of the worker's CPU in a full load).
   */
  static final String SOURCE_CONVERTER = "io.pgcarry.topics.ChangeTopicConverter";

  /** The sink's key and value converter: the sink reads the records' bytes itself. */
  static final String SINK_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

  /**
   * Both connectors' header converter: pgcarry's headers are strings, which it writes and reads as
   * they are, where the worker's default (SimpleHeaderConverter) parses each one.
   */
  static final String HEADER_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";

  /** The URI parameters that reach the source connector: TLS, as Debezium names them. */
  static final List<String> TLS_PARAMETERS =
      List.of("sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword");

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
    // TLS settings of the URI, for Debezium's connections and the full load's alike
    // (SourceConfig.sourceUri reads them back): libpq's names are Debezium's database.* keys.
    for (String key : TLS_PARAMETERS) {
      String value = uri.parameters().get(key);
      if (value != null) {
        config.put("database." + key, value);
      }
    }
    config.put("topic.prefix", spec.topicPrefix());
    config.put("slot.name", spec.slotName());
    config.put("publication.name", spec.publicationName());
    config.put(
        "table.include.list",
        tables.stream().map(t -> includePattern(t.id())).collect(Collectors.joining(",")));
    String leftOut = leftOutColumns(spec.mapping(), tables);
    if (!leftOut.isEmpty()) {
      // Read by neither the full load nor the stream (PostgreSQL 15+: not even published).
      config.put("column.exclude.list", leftOut);
    }
    for (String converter : List.of("key.converter", "value.converter")) {
      config.put(converter, SOURCE_CONVERTER);
      config.put(converter + ".schemas.enable", "true");
      // A NULL stays null: JsonConverter's default writes a column's default value instead.
      config.put(converter + ".replace.null.with.default", "false");
    }
    config.put("header.converter", HEADER_CONVERTER);
    // Batch and compress on the way to the broker. Every change event carries its schema's JSON,
    // some 2 KiB, which LZ4 all but removes: measured on the embedded broker (pgcarry bench, M2),
    // LZ4 cost the producer, the broker and the sink's consumer less CPU than the bytes without it,
    // and zstd more in the source task than it saved.
    config.put("producer.override.compression.type", "lz4");
    config.put("producer.override.linger.ms", "10");
    config.put("producer.override.batch.size", Integer.toString(1 << 20));
    config.put("producer.override.max.request.size", Integer.toString(16 << 20));
    // The producer's buffer counts compressed bytes, while Connect keeps every record it holds
    // until the broker acknowledges it: pgbench's rows compress several times, and at the default
    // 32 MiB the records waiting for the broker held a large part of a 1 GiB heap when the full
    // load of pgbench scale 100 read ahead of the sink.
    config.put("producer.override.buffer.memory", Integer.toString(8 << 20));
    // Connect creates the change topics from these settings of the connector's own configuration:
    // one partition per table keeps its changes in commit order.
    config.put("topic.creation.default.partitions", "1");
    config.put("topic.creation.default.replication.factor", "-1");
    config.put("topic.creation.default.max.message.bytes", MAX_MESSAGE_BYTES);
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
    if (!spec.mapping().isIdentity()) {
      config.put("name.mapping", spec.mapping().toJson());
    }
    config.put("key.converter", SINK_CONVERTER);
    config.put("value.converter", SINK_CONVERTER);
    config.put("header.converter", HEADER_CONVERTER);
    // Change topics appear as the source connector first writes to them; a regex subscription
    // sees a new topic only at the next metadata refresh, five minutes by default.
    config.put("consumer.override.metadata.max.age.ms", "2000");
    // Full-load records carry up to half a megabyte of rows each. A fetch is one buffer on the
    // heap, and the records of a poll are one put(): at 64 MiB per fetch, the full load of pgbench
    // scale 50 ran the migrate process out of a 1 GiB heap (pgcarry bench); 16 MiB keeps it
    // bounded.
    config.put("consumer.override.max.partition.fetch.bytes", Integer.toString(4 << 20));
    config.put("consumer.override.fetch.max.bytes", Integer.toString(16 << 20));
    config.put("consumer.override.max.poll.records", "2000");
    return config;
  }

  /**
   * The columns the mapping leaves out, as Debezium's column list: regular expressions over {@code
   * schema.table.column}.
   */
  static String leftOutColumns(NameMapping mapping, List<SourceTable> tables) {
    return tables.stream()
        .flatMap(
            t ->
                t.columns().stream()
                    .filter(column -> !mapping.carries(t.id(), column))
                    .map(column -> includePattern(t.id()) + "\\." + escape(column)))
        .collect(Collectors.joining(","));
  }

  /** Debezium's table include lists hold regular expressions over {@code schema.table}. */
  static String includePattern(TableId table) {
    return escape(table.schema()) + "\\." + escape(table.table());
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
