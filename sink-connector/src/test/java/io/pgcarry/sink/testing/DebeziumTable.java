package io.pgcarry.sink.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Builds sink records of one table in exactly the shape Debezium's PostgreSQL connector writes
 * them: a key Struct of the primary key columns named {@code <prefix>.<schema>.<table>.Key}, and an
 * envelope {@code <prefix>.<schema>.<table>.Envelope} with before, after, source ({@code
 * io.debezium.connector.postgresql.Source}), transaction, op and ts_ms. Each record gets the next
 * offset of the table's topic (partition 0) and the next LSN.
 */
public final class DebeziumTable {

  public static final Schema SOURCE_SCHEMA =
      SchemaBuilder.struct()
          .name("io.debezium.connector.postgresql.Source")
          .field("version", Schema.STRING_SCHEMA)
          .field("connector", Schema.STRING_SCHEMA)
          .field("name", Schema.STRING_SCHEMA)
          .field("ts_ms", Schema.INT64_SCHEMA)
          .field(
              "snapshot",
              SchemaBuilder.string()
                  .optional()
                  .name("io.debezium.data.Enum")
                  .version(1)
                  .parameter(
                      "allowed",
                      "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental")
                  .defaultValue("false")
                  .build())
          .field("db", Schema.STRING_SCHEMA)
          .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
          .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
          .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
          .field("schema", Schema.STRING_SCHEMA)
          .field("table", Schema.STRING_SCHEMA)
          .field("txId", Schema.OPTIONAL_INT64_SCHEMA)
          .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
          .field("xmin", Schema.OPTIONAL_INT64_SCHEMA)
          .build();

  private static final Schema TRANSACTION_SCHEMA =
      SchemaBuilder.struct()
          .optional()
          .name("event.block")
          .version(1)
          .field("id", Schema.STRING_SCHEMA)
          .field("total_order", Schema.INT64_SCHEMA)
          .field("data_collection_order", Schema.INT64_SCHEMA)
          .build();

  private static long lsn = 0x1_0000_0000L;
  private static long lastCommit = lsn;

  private final String schema;
  private final String table;
  private final String topic;
  private final Schema keySchema;
  private final Schema rowSchema;
  private final Schema envelope;
  private long offset;

  private DebeziumTable(
      String schema, String table, Map<String, Schema> columns, List<String> key) {
    this.schema = schema;
    this.table = table;
    this.topic = "pgcarry." + schema + "." + table;
    SchemaBuilder row = SchemaBuilder.struct().name(topic + ".Value").optional();
    columns.forEach(row::field);
    this.rowSchema = row.build();
    if (key.isEmpty()) {
      this.keySchema = null;
    } else {
      SchemaBuilder k = SchemaBuilder.struct().name(topic + ".Key");
      key.forEach(c -> k.field(c, columns.get(c)));
      this.keySchema = k.build();
    }
    this.envelope =
        SchemaBuilder.struct()
            .name(topic + ".Envelope")
            .version(2)
            .field("before", rowSchema)
            .field("after", rowSchema)
            .field("source", SOURCE_SCHEMA)
            .field("transaction", TRANSACTION_SCHEMA)
            .field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
            .build();
  }

  /** Starts a table definition. */
  public static Builder table(String schema, String table) {
    return new Builder(schema, table);
  }

  /** A column schema as Debezium writes it, with the propagated source type. */
  public static SchemaBuilder typed(SchemaBuilder type, String sourceType) {
    return type.parameter("__debezium.source.column.type", sourceType);
  }

  public String topic() {
    return topic;
  }

  public long nextOffset() {
    return offset;
  }

  /** Skips offsets, as if records had been compacted away or consumed by others. */
  public void skipTo(long next) {
    offset = next;
  }

  public SinkRecord read(Object... after) {
    return record("r", null, row(after));
  }

  /** The first row the snapshot reads of this table, as Debezium marks it. */
  public SinkRecord readFirst(Object... after) {
    return record("r", null, row(after), "first_in_data_collection");
  }

  public SinkRecord create(Object... after) {
    return record("c", null, row(after));
  }

  public SinkRecord update(Object[] before, Object[] after) {
    return record("u", before == null ? null : row(before), row(after));
  }

  public SinkRecord delete(Object... before) {
    return record("d", row(before), null);
  }

  /**
   * The same change sent again at the next offset, as the source connector does for what it had
   * sent but not committed when it crashed.
   */
  public SinkRecord resend(SinkRecord original) {
    return new SinkRecord(
        original.topic(),
        original.kafkaPartition(),
        original.keySchema(),
        original.key(),
        original.valueSchema(),
        original.value(),
        offset++,
        original.timestamp(),
        original.timestampType(),
        original.headers().duplicate());
  }

  /** Marks a transaction commit: later changes belong to the next transaction. */
  public void commit() {
    lastCommit = lsn;
  }

  public SinkRecord truncate() {
    return record("t", null, null);
  }

  /** A tombstone: the key with a null value, as Debezium sends after a delete. */
  public SinkRecord tombstone(Object... keyValues) {
    Struct key = keyStruct(keyValues);
    return new SinkRecord(topic, 0, keySchema, key, null, null, offset++);
  }

  /** A row image; values in column order. */
  public Struct row(Object... values) {
    Struct struct = new Struct(rowSchema);
    List<Field> fields = rowSchema.fields();
    for (int i = 0; i < fields.size(); i++) {
      struct.put(fields.get(i), i < values.length ? values[i] : null);
    }
    return struct;
  }

  private SinkRecord record(String op, Struct before, Struct after) {
    return record(op, before, after, op.equals("r") ? "true" : "false");
  }

  private SinkRecord record(String op, Struct before, Struct after, String snapshot) {
    long now = System.currentTimeMillis();
    Struct source =
        new Struct(SOURCE_SCHEMA)
            .put("version", "3.7.0.Final")
            .put("connector", "postgresql")
            .put("name", "pgcarry")
            .put("ts_ms", now)
            .put("snapshot", snapshot)
            .put("db", "app")
            .put("schema", schema)
            .put("table", table)
            .put("txId", 700L)
            .put("lsn", lsn += 0x100);
    if (!op.equals("r")) {
      source.put("sequence", "[\"" + lastCommit + "\",\"" + lsn + "\"]");
    }
    Struct value =
        new Struct(envelope)
            .put("before", before)
            .put("after", after)
            .put("source", source)
            .put("op", op)
            .put("ts_ms", now);
    Struct key = null;
    Struct image = after != null ? after : before;
    if (keySchema != null && image != null) {
      key = new Struct(keySchema);
      for (Field f : keySchema.fields()) {
        key.put(f.name(), image.get(f.name()));
      }
    }
    return new SinkRecord(
        topic,
        0,
        keySchema == null || key == null ? null : keySchema,
        key,
        envelope,
        value,
        offset++);
  }

  private Struct keyStruct(Object... values) {
    Struct key = new Struct(keySchema);
    List<Field> fields = keySchema.fields();
    for (int i = 0; i < fields.size(); i++) {
      key.put(fields.get(i), values[i]);
    }
    return key;
  }

  /** Declares columns in order, and which form the primary key. */
  public static final class Builder {
    private final String schema;
    private final String table;
    private final Map<String, Schema> columns = new LinkedHashMap<>();
    private final List<String> key = new ArrayList<>();

    private Builder(String schema, String table) {
      this.schema = schema;
      this.table = table;
    }

    public Builder key(String name, SchemaBuilder type, String sourceType) {
      columns.put(name, typed(type, sourceType).build());
      key.add(name);
      return this;
    }

    public Builder column(String name, SchemaBuilder type, String sourceType) {
      columns.put(name, typed(type.optional(), sourceType).build());
      return this;
    }

    public Builder columnSchema(String name, Schema schema) {
      columns.put(name, schema);
      return this;
    }

    public DebeziumTable build() {
      return new DebeziumTable(schema, table, columns, key);
    }
  }
}
