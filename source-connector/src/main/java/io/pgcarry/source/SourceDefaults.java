package io.pgcarry.source;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Debezium settings pgcarry relies on, in one place. {@link PgcarrySourceConnector} applies
 * them under whatever the user configures, so an explicit setting always wins.
 *
 * <p>The type-related settings are what the sink's value decoding assumes: changing one of them
 * changes what the sink receives (see the sink's {@code ValueEncoder}).
 */
public final class SourceDefaults {

  /** The prefix of the logical messages the heartbeat writes on the source. */
  public static final String HEARTBEAT_PREFIX = "pgcarry-heartbeat";

  private SourceDefaults() {}

  /** The defaults, in a stable order for logging. */
  public static Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    // Decoding: pgoutput ships with every server since 10, no plugin to install on the source.
    s.put("plugin.name", "pgoutput");
    // Publish only the migrated tables, so unrelated tables need no replica identity.
    s.put("publication.autocreate.mode", "filtered");
    // The slot outlives restarts; pgcarry drops it at cutover or cleanup, never by accident.
    s.put("slot.drop.on.stop", "false");
    s.put("snapshot.fetch.size", "10240");
    // The queue between Debezium's decoder and the task: every change in it is alive at each young
    // collection, and copying them was most of the garbage collector's work while a backlog
    // drained (pgcarry bench, M2); a poll's batch keeps the producer busy while the next fills.
    s.put("max.batch.size", "2048");
    s.put("max.queue.size", "8192");
    // Debezium's quantiles of its lag (a sketch updated per event on a thread of its own); pgcarry
    // measures the lag itself, and Debezium's last lag value stays.
    s.put("statistics.metrics.enabled", "false");
    // Debezium waits this long when the slot has nothing new, and a poll waits this long for its
    // batch to fill, which below max.batch.size changes it never does: its default of 500 ms put
    // half a second of latency on every change, 50 ms still half of the median (pgcarry bench, M3).
    s.put("poll.interval.ms", "10");
    // Heartbeats let the slot's confirmed position advance while the migrated tables are idle.
    s.put("heartbeat.interval.ms", "5000");
    // ...also when other tables or databases are busy and the migrated ones idle: a logical
    // message reaches the connector, which confirms its position to the slot (PostgreSQL 14+ sends
    // messages through pgoutput); the message itself is not published.
    s.put(
        "heartbeat.action.query",
        "SELECT pg_logical_emit_message(false, '" + HEARTBEAT_PREFIX + "', '')");
    s.put("message.prefix.exclude.list", HEARTBEAT_PREFIX);
    // A delete needs no tombstone: the sink applies the delete event itself.
    s.put("tombstones.on.delete", "false");
    // TRUNCATE on the source is applied to the target too (Debezium skips it by default).
    s.put("skipped.operations", "none");
    // One partition per table topic keeps every table's changes in commit order.
    s.put("topic.creation.default.partitions", "1");
    s.put("topic.creation.default.replication.factor", "-1");

    // Type representation: values travel in forms that convert back without loss.
    s.put("decimal.handling.mode", "string");
    s.put("time.precision.mode", "isostring");
    s.put("interval.handling.mode", "string");
    s.put("hstore.handling.mode", "json");
    s.put("binary.handling.mode", "bytes");
    s.put("include.unknown.datatypes", "true");
    // Types whose Debezium form loses information travel as PostgreSQL text instead.
    s.put("converters", "pgtext");
    s.put("pgtext.type", "io.pgcarry.source.convert.PgTextConverter");
    // The sink reads each column's source type name from the schema parameters.
    s.put("column.propagate.source.type", ".*");
    return s;
  }

  /** The user's settings over the defaults. */
  public static Map<String, String> apply(Map<String, String> user) {
    Map<String, String> merged = new LinkedHashMap<>(settings());
    merged.putAll(user);
    return merged;
  }

  /**
   * The configuration of Debezium's task under pgcarry's: the user's settings over the defaults,
   * then what pgcarry's task needs whatever the user set. Transaction markers always, because
   * exactly-once positions are built from them; with {@code snapshot.format=copy} (or {@code
   * none}), no Debezium snapshot and no publication management, because pgcarry's full load (or
   * whoever chose the slot's consistent point) has created the publication and the slot. With
   * {@code ddl.capture}, the publication alone says which tables stream.
   */
  public static Map<String, String> forStreaming(Map<String, String> user, SnapshotFormat format) {
    Map<String, String> config = apply(user);
    if (Boolean.parseBoolean(user.getOrDefault(SourceConfig.DDL_CAPTURE, "false"))) {
      // The event trigger adds new tables to the publication, and a renamed table stays in it:
      // every published table streams, whatever its name now.
      config.remove("table.include.list");
      config.remove("table.exclude.list");
    }
    config.put("provide.transaction.metadata", "true");
    if (format != SnapshotFormat.EVENTS) {
      config.put("snapshot.mode", "no_data");
      config.put("publication.autocreate.mode", "disabled");
    } else {
      config.putIfAbsent("snapshot.mode", "initial");
    }
    return config;
  }
}
