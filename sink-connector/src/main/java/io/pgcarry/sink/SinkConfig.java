package io.pgcarry.sink;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.sink.value.UnavailableValue;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The sink connector's configuration: every key with its documentation, default, validator and
 * group in {@link #CONFIG_DEF}, parsed once into typed accessors. Immutable.
 */
public final class SinkConfig extends AbstractConfig {

  public static final String CONNECTION_URI = "connection.uri";
  public static final String MIGRATION_NAME = "migration.name";
  public static final String POSITION_TABLE = "position.table";
  public static final String BATCH_SIZE = "batch.size";
  public static final String MAX_RETRIES = "max.retries";
  public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
  public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
  public static final String NAME_MAPPING = "name.mapping";
  public static final String UNAVAILABLE_VALUE_PLACEHOLDER = "unavailable.value.placeholder";
  public static final String DDL_SKIP = "ddl.skip";

  /** Set by the connector on each task's configuration; names the task in its metrics. */
  public static final String TASK_ID = "pgcarry.task.id";

  private static final String TARGET_GROUP = "Target";
  private static final String APPLY_GROUP = "Apply";

  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              CONNECTION_URI,
              Type.PASSWORD,
              ConfigDef.NO_DEFAULT_VALUE,
              described("postgresql://user:password@host:port/dbname", SinkConfig::validateUri),
              Importance.HIGH,
              "libpq connection URI of the target database,"
                  + " postgresql://user:password@host:port/dbname?sslmode=…; masked in logs."
                  + " The role needs to set session_replication_role (superuser, or GRANT SET ON"
                  + " PARAMETER on PostgreSQL 15+).",
              TARGET_GROUP,
              1,
              Width.LONG,
              "Target connection URI")
          .define(
              MIGRATION_NAME,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyStringWithoutControlChars(),
              Importance.HIGH,
              "Name of this migration; identifies its rows in the position table.",
              TARGET_GROUP,
              2,
              Width.MEDIUM,
              "Migration name")
          .define(
              POSITION_TABLE,
              Type.STRING,
              "pgcarry.applied_position",
              described("schema.table", SinkConfig::validateTable),
              Importance.MEDIUM,
              "Table on the target, schema.table, holding the applied Kafka offset and source LSN"
                  + " of each partition, written in the same transaction as the changes."
                  + " Created when missing.",
              TARGET_GROUP,
              3,
              Width.MEDIUM,
              "Position table")
          .define(
              NAME_MAPPING,
              Type.STRING,
              null,
              described(
                  "empty, or a JSON object with schemas and tables", SinkConfig::validateMapping),
              Importance.MEDIUM,
              "The target names of source schemas, tables and columns, and the columns carried:"
                  + " pgcarry's mapping file (config/README-mapping.md) written as JSON, such as"
                  + " {\"schemas\": {\"public\": \"app\"}, \"tables\": {\"public.film\":"
                  + " {\"name\": \"movie\", \"exclude_columns\": [\"fulltext\"]}}}. Inline, so"
                  + " it travels with the configuration to any Connect cluster; pgcarry migrate"
                  + " sets it from --mapping. Columns it leaves out are dropped from what the"
                  + " source sends. Unset or empty: every name as on the source.",
              TARGET_GROUP,
              4,
              Width.LONG,
              "Name mapping")
          .define(
              BATCH_SIZE,
              Type.INT,
              5000,
              ConfigDef.Range.between(1, 1_000_000),
              Importance.MEDIUM,
              "Most rows one statement carries. A put() batch is one transaction whatever its"
                  + " size; bound the batch itself with consumer.override.max.poll.records.",
              APPLY_GROUP,
              1,
              Width.SHORT,
              "Rows per statement")
          .define(
              MAX_RETRIES,
              Type.INT,
              20,
              ConfigDef.Range.atLeast(0),
              Importance.MEDIUM,
              "Times a batch is retried after a transient failure (lost connection, deadlock,"
                  + " serialization failure, server restarting, target read-only) before the task"
                  + " stops.",
              APPLY_GROUP,
              2,
              Width.SHORT,
              "Retries")
          .define(
              RETRY_BACKOFF_MS,
              Type.LONG,
              1000L,
              ConfigDef.Range.atLeast(0),
              Importance.LOW,
              "Wait before the first retry; doubles with each further retry.",
              APPLY_GROUP,
              3,
              Width.SHORT,
              "Retry back-off (ms)")
          .define(
              RETRY_BACKOFF_MAX_MS,
              Type.LONG,
              30_000L,
              ConfigDef.Range.atLeast(0),
              Importance.LOW,
              "Longest wait between retries.",
              APPLY_GROUP,
              4,
              Width.SHORT,
              "Longest retry back-off (ms)")
          .define(
              UNAVAILABLE_VALUE_PLACEHOLDER,
              Type.STRING,
              UnavailableValue.DEFAULT_PLACEHOLDER,
              new ConfigDef.NonEmptyString(),
              Importance.LOW,
              "The source connector's unavailable.value.placeholder: the value Debezium sends"
                  + " for an unchanged TOAST value; such columns are left as they are.",
              APPLY_GROUP,
              5,
              Width.MEDIUM,
              "Unavailable value placeholder")
          .define(
              DDL_SKIP,
              Type.LIST,
              "",
              Importance.LOW,
              "Captured DDL commands the sink must not run, by the LSN its failure message names"
                  + " (X/Y): the operator made the target match by hand. The sink consumes them"
                  + " as if it had run them.",
              APPLY_GROUP,
              6,
              Width.MEDIUM,
              "DDL to skip");

  private final PgUri uri;
  private final TableId positionTable;
  private final NameMapping mapping;

  public SinkConfig(Map<?, ?> originals) {
    super(CONFIG_DEF, originals);
    this.uri = PgUri.parse(getPassword(CONNECTION_URI).value());
    this.positionTable = TableId.parse(getString(POSITION_TABLE));
    this.mapping = mapping(getString(NAME_MAPPING));
  }

  public PgUri connectionUri() {
    return uri;
  }

  public String migrationName() {
    return getString(MIGRATION_NAME);
  }

  public TableId positionTable() {
    return positionTable;
  }

  public int batchSize() {
    return getInt(BATCH_SIZE);
  }

  public int maxRetries() {
    return getInt(MAX_RETRIES);
  }

  public Duration retryBackoff() {
    return Duration.ofMillis(getLong(RETRY_BACKOFF_MS));
  }

  public Duration retryBackoffMax() {
    return Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS));
  }

  /** The target names of source objects; the identity when none is configured. */
  /** The LSNs of captured DDL commands not to run. */
  public Set<Lsn> ddlSkip() {
    Set<Lsn> skip = new HashSet<>();
    for (String lsn : getList(DDL_SKIP)) {
      if (!lsn.isBlank()) {
        try {
          skip.add(Lsn.parse(lsn.strip()));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(DDL_SKIP, lsn, "not an LSN of the form X/Y");
        }
      }
    }
    return skip;
  }

  public NameMapping nameMapping() {
    return mapping;
  }

  public String unavailableValuePlaceholder() {
    return getString(UNAVAILABLE_VALUE_PLACEHOLDER);
  }

  /** The task id the connector assigned, or "0". */
  public String taskId() {
    Object id = originals().get(TASK_ID);
    return id == null ? "0" : id.toString();
  }

  /** A validator that documents itself, for the generated reference. */
  private static ConfigDef.Validator described(String expected, ConfigDef.Validator check) {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        check.ensureValid(name, value);
      }

      @Override
      public String toString() {
        return expected;
      }
    };
  }

  private static void validateUri(String name, Object value) {
    if (value == null) {
      return;
    }
    try {
      PgUri.parse(((Password) value).value());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name, "[hidden]", e.getMessage());
    }
  }

  private static NameMapping mapping(String json) {
    return json == null || json.isBlank() ? NameMapping.IDENTITY : NameMapping.parseJson(json);
  }

  private static void validateMapping(String name, Object value) {
    try {
      mapping((String) value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name, "[mapping]", e.getMessage());
    }
  }

  private static void validateTable(String name, Object value) {
    if (value == null) {
      throw new ConfigException(name, null, "expected schema.table");
    }
    try {
      TableId.parse((String) value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name, value, e.getMessage());
    }
  }
}
