package io.pgcarry.bench;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.deploy.ConnectClient;
import io.pgcarry.deploy.EmbeddedRuntime;
import io.pgcarry.schema.Phase;
import io.pgcarry.schema.SchemaMigrator;
import io.pgcarry.schema.SchemaOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The peer a Kafka Connect user would assemble: stock Debezium's PostgreSQL connector (its own
 * snapshot, one read event per row) and Debezium's JDBC sink (upserts by key), with their default
 * settings, in a broker and worker of this process, into a target whose schema was created first.
 * The JDBC sink's jars come from a plugin directory ({@code deploy/bench-peers}).
 */
final class DebeziumPeer {

  static final String PEER = "Debezium + Debezium JDBC sink";
  private static final String SLOT = "debezium_bench";

  private final PgUri source;
  private final PgUri target;
  private final Path plugins;
  private final Path workDir;

  DebeziumPeer(PgUri source, PgUri target, Path plugins, Path workDir) {
    this.source = source;
    this.target = target;
    this.plugins = plugins;
    this.workDir = workDir;
  }

  /** Loads the source into the target and returns the time from the schema to the last row. */
  BenchReport.FullLoad run(long rows, Duration timeout) throws Exception {
    long start = System.nanoTime();
    new SchemaMigrator(SchemaOptions.of(source, target)).run(Phase.ALL, false);
    Map<String, String> worker =
        Map.of(
            "plugin.path", plugins.toAbsolutePath().toString(), "plugin.discovery", "hybrid_warn");
    try (EmbeddedRuntime runtime =
        EmbeddedRuntime.start(workDir.resolve("debezium-runtime"), worker)) {
      ConnectClient connect = new ConnectClient(runtime.connectUrl());
      connect.put("debezium-sink", sink());
      connect.put("debezium-source", source());
      RowCounts.await(source, target, timeout);
      double seconds = NativeReplica.seconds(start);
      connect.delete("debezium-source");
      connect.delete("debezium-sink");
      dropSlot();
      return new BenchReport.FullLoad(
          PEER,
          true,
          seconds,
          rows / seconds,
          0,
          List.of(),
          "schema by the schema tool, then Debezium's snapshot (snapshot.mode=initial) and the JDBC"
              + " sink (insert.mode=upsert) with their defaults, until every row is on the target");
    }
  }

  private Map<String, String> source() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    c.put("tasks.max", "1");
    c.put("database.hostname", source.host());
    c.put("database.port", Integer.toString(source.port()));
    c.put("database.user", source.user());
    c.put("database.password", source.password());
    c.put("database.dbname", source.database());
    c.put("topic.prefix", "debezium");
    c.put("plugin.name", "pgoutput");
    c.put("slot.name", SLOT);
    c.put("publication.name", SLOT);
    c.put("publication.autocreate.mode", "filtered");
    c.put("table.include.list", "public\\..*");
    c.put("topic.creation.default.partitions", "1");
    c.put("topic.creation.default.replication.factor", "-1");
    return c;
  }

  private Map<String, String> sink() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
    c.put("tasks.max", "1");
    c.put("topics.regex", "debezium\\.public\\..*");
    c.put("connection.url", target.jdbcUrl());
    c.put("connection.username", target.user());
    c.put("connection.password", target.password());
    c.put("insert.mode", "upsert");
    c.put("delete.enabled", "true");
    c.put("primary.key.mode", "record_key");
    c.put("schema.evolution", "none");
    c.put("transforms", "table");
    c.put("transforms.table.type", "org.apache.kafka.connect.transforms.RegexRouter");
    c.put("transforms.table.regex", "debezium\\.public\\.(.*)");
    c.put("transforms.table.replacement", "$1");
    return c;
  }

  private void dropSlot() throws Exception {
    try (Connection c = Connections.open(source, "source");
        PreparedStatement drop =
            c.prepareStatement(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                    + " WHERE slot_name = ?");
        Statement statement = c.createStatement()) {
      drop.setString(1, SLOT);
      drop.execute();
      statement.execute("DROP PUBLICATION IF EXISTS " + SLOT);
    }
  }
}
