package io.pgcarry.source;

import io.pgcarry.common.PgUri;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * pgcarry's own settings of the source connector, beside Debezium's: how the full load is read,
 * whether DDL is captured, whether transaction markers are written. Every key with its
 * documentation, default, validator and group in {@link #CONFIG_DEF}, parsed once into typed
 * accessors; the connection settings are Debezium's ({@code database.*}). Immutable.
 */
public final class SourceConfig extends AbstractConfig {

  public static final String SNAPSHOT_FORMAT = "snapshot.format";
  public static final String SNAPSHOT_WORKERS = "snapshot.workers";
  public static final String SNAPSHOT_CHUNK_BYTES = "snapshot.chunk.bytes";
  public static final String SNAPSHOT_RECORD_BYTES = "snapshot.record.bytes";
  public static final String DDL_CAPTURE = "ddl.capture";
  public static final String SNAPSHOT_MAX_BYTES_PER_SECOND = "snapshot.max.bytes.per.second";
  public static final String TRANSACTION_TOPIC = "transaction.topic";

  private static final String GROUP = "Full load";

  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              SNAPSHOT_FORMAT,
              Type.STRING,
              SnapshotFormat.COPY.value(),
              ConfigDef.ValidString.in(
                  SnapshotFormat.COPY.value(),
                  SnapshotFormat.EVENTS.value(),
                  SnapshotFormat.NONE.value()),
              Importance.HIGH,
              "How the existing rows reach the change topics. copy: PostgreSQL COPY text, many"
                  + " rows per record, tables cut into chunks read in parallel from the slot's"
                  + " exported snapshot. events: Debezium's snapshot, one read event per row. none: no"
                  + " rows; stream from a slot and publication that exist already, from the slot's"
                  + " consistent point (pgcarry cutover --fallback creates them on the new server"
                  + " for the way back); a missing slot stops the task.",
              GROUP,
              1,
              Width.SHORT,
              "Snapshot format")
          .define(
              SNAPSHOT_WORKERS,
              Type.INT,
              0,
              ConfigDef.Range.between(0, 64),
              Importance.MEDIUM,
              "Connections reading the full load in parallel (copy format). 0 picks"
                  + " min(4, free connection slots on the source / 2), at least 1.",
              GROUP,
              2,
              Width.SHORT,
              "Snapshot workers")
          .define(
              SNAPSHOT_CHUNK_BYTES,
              Type.LONG,
              8L << 20,
              ConfigDef.Range.atLeast(1L << 20),
              Importance.LOW,
              "Size of the part of a table one worker reads at a time, in bytes of the table's"
                  + " heap (copy format). From PostgreSQL 14 on, a table is cut into ctid ranges;"
                  + " before 14, into ranges of its primary key's first column (equal ranges of"
                  + " an integer column, ranges between quantiles of a sample of the table for"
                  + " any other type), and a table without a primary key into block ranges whose"
                  + " tuple slots are fetched by TID. A"
                  + " worker holds its chunk in memory until the chunk is read, so the workers"
                  + " hold about this much each: at 32 MiB, pgbench scale 100 kept 350-600 MiB of"
                  + " rows alive in a 1 GiB heap and the full load ran a full collection every"
                  + " second; at 8 MiB, four in the whole load (pgcarry migrate, -Xmx1g, GC log).",
              GROUP,
              3,
              Width.SHORT,
              "Chunk size (bytes)")
          .define(
              SNAPSHOT_RECORD_BYTES,
              Type.INT,
              512 << 10,
              ConfigDef.Range.between(4 << 10, 64 << 20),
              Importance.LOW,
              "Most bytes of COPY text in one Kafka record (copy format). The record's value is"
                  + " that text as it is (ChangeTopicConverter), so keep it under the broker's"
                  + " message.max.bytes and the producer's max.request.size.",
              GROUP,
              4,
              Width.SHORT,
              "Record size (bytes)")
          .define(
              SNAPSHOT_MAX_BYTES_PER_SECOND,
              Type.LONG,
              0L,
              ConfigDef.Range.atLeast(0L),
              Importance.LOW,
              "Most bytes of COPY text the full load reads per second, over all its workers"
                  + " (copy format), so that it leaves the source's disks and network to the"
                  + " application. 0: no limit. pgcarry migrate --snapshot-rate sets it.",
              GROUP,
              5,
              Width.SHORT,
              "Read rate (bytes/s)")
          .define(
              DDL_CAPTURE,
              Type.BOOLEAN,
              false,
              Importance.MEDIUM,
              "Stream the DDL that pgcarry's event trigger captures on the source (pgcarry migrate"
                  + " --capture-ddl installs it; PostgreSQL 14 and later): each command goes to"
                  + " every change topic at its place in the stream, and the rows of a table that"
                  + " joins the publication go to its topic. The publication, not"
                  + " table.include.list, then decides which tables stream, so that new and"
                  + " renamed tables keep streaming.",
              "Schema changes",
              1,
              Width.SHORT,
              "Capture DDL")
          .define(
              TRANSACTION_TOPIC,
              Type.BOOLEAN,
              false,
              Importance.LOW,
              "Write Debezium's transaction markers (BEGIN and END, with each transaction's"
                  + " event counts) to <topic.prefix>.transaction. The pgcarry.tx.* headers of"
                  + " every change already say which transaction it belongs to and where that"
                  + " transaction ends in its topic; the markers cost two records per"
                  + " transaction.",
              "Streaming",
              1,
              Width.SHORT,
              "Transaction topic");

  private final SnapshotFormat snapshotFormat;

  public SourceConfig(Map<String, String> props) {
    super(CONFIG_DEF, pgcarryKeys(props), false);
    this.snapshotFormat = SnapshotFormat.parse(getString(SNAPSHOT_FORMAT));
    String mode = props.get("snapshot.mode");
    if (snapshotFormat != SnapshotFormat.EVENTS && mode != null && !mode.equals("no_data")) {
      throw new ConfigException(
          "snapshot.mode",
          mode,
          "pgcarry reads the full load itself with snapshot.format=copy, and none with"
              + " snapshot.format=none; leave snapshot.mode unset, or set snapshot.format=events"
              + " to use Debezium's snapshot");
    }
  }

  public SnapshotFormat snapshotFormat() {
    return snapshotFormat;
  }

  /** Configured workers, or 0 to choose from the source's free connection slots. */
  public int snapshotWorkers() {
    return getInt(SNAPSHOT_WORKERS);
  }

  public long chunkBytes() {
    return getLong(SNAPSHOT_CHUNK_BYTES);
  }

  /** The full load's read rate in bytes per second, 0 for no limit. */
  public long maxBytesPerSecond() {
    return getLong(SNAPSHOT_MAX_BYTES_PER_SECOND);
  }

  public boolean ddlCapture() {
    return getBoolean(DDL_CAPTURE);
  }

  /** Whether Debezium's transaction markers go to its transaction topic. */
  public boolean transactionTopic() {
    return getBoolean(TRANSACTION_TOPIC);
  }

  public int recordBytes() {
    return getInt(SNAPSHOT_RECORD_BYTES);
  }

  /**
   * The source database as a URI, from Debezium's {@code database.*} settings, TLS settings
   * included.
   */
  public static PgUri sourceUri(Map<String, String> props) {
    Map<String, String> parameters = new HashMap<>();
    for (String key : new String[] {"sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword"}) {
      String value = props.get("database." + key);
      if (value != null && !value.isEmpty()) {
        parameters.put(key, value);
      }
    }
    String port = props.getOrDefault("database.port", "5432");
    int number;
    try {
      number = Integer.parseInt(port.strip());
    } catch (NumberFormatException e) {
      number = -1;
    }
    if (number < 1 || number > 65535) {
      throw new ConfigException("database.port", port, "not a port number from 1 to 65535");
    }
    for (String key : new String[] {"database.user", "database.dbname"}) {
      String value = props.get(key);
      if (value == null || value.isBlank()) {
        throw new ConfigException(key, value, "required");
      }
    }
    return new PgUri(
        props.get("database.user"),
        props.get("database.password"),
        props.getOrDefault("database.hostname", "localhost"),
        number,
        props.get("database.dbname"),
        parameters);
  }

  private static Map<String, String> pgcarryKeys(Map<String, String> props) {
    Map<String, String> own = new HashMap<>();
    for (String key : CONFIG_DEF.names()) {
      if (props.containsKey(key)) {
        own.put(key, props.get(key));
      }
    }
    return own;
  }
}
