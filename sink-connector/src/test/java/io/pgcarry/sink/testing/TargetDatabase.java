package io.pgcarry.sink.testing;

import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.sink.PgcarrySinkTask;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;

/** A fresh database on the shared target server for one test, and sink tasks writing to it. */
public final class TargetDatabase {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final LocalPostgres server;
  private final String name;

  private TargetDatabase(LocalPostgres server, String name) {
    this.server = server;
    this.name = name;
  }

  /** Creates a fresh database named after the test. */
  public static TargetDatabase create(String test) throws SQLException {
    return create(TestPostgres.target(), test);
  }

  /** Creates a fresh database named after the test on the given server. */
  public static TargetDatabase create(LocalPostgres server, String test) throws SQLException {
    String name =
        ("sink_" + COUNTER.incrementAndGet() + "_" + test)
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9_]", "_");
    if (name.length() > 60) {
      name = name.substring(0, 60);
    }
    server.recreateDatabase(name);
    return new TargetDatabase(server, name);
  }

  public LocalPostgres server() {
    return server;
  }

  /** The database's name. */
  public String name() {
    return name;
  }

  public String uri() {
    return server.uri(name);
  }

  /** The sink configuration for this database. */
  public Map<String, String> sinkConfig(String migration) {
    Map<String, String> config = new HashMap<>();
    config.put("connection.uri", uri());
    config.put("migration.name", migration);
    config.put("retry.backoff.ms", "10");
    return config;
  }

  /** Starts a task, opening partition 0 of the given topics. */
  public PgcarrySinkTask startTask(RecordingContext context, String... topics) {
    return startTask(sinkConfig("m1"), context, topics);
  }

  public PgcarrySinkTask startTask(
      Map<String, String> config, RecordingContext context, String... topics) {
    PgcarrySinkTask task = new PgcarrySinkTask();
    task.initialize(context);
    task.start(config);
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      partitions.add(new TopicPartition(topic, 0));
    }
    task.open(partitions);
    return task;
  }

  public Connection connect() throws SQLException {
    return server.connect(name);
  }

  public void execute(String... statements) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** Every row of a query, each as its columns' text. */
  public List<List<String>> rows(String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** The first column of the first row. */
  public String value(String sql) throws SQLException {
    List<List<String>> rows = rows(sql);
    return rows.isEmpty() ? null : rows.get(0).get(0);
  }

  public long count(String table) throws SQLException {
    return Long.parseLong(value("SELECT count(*) FROM " + table));
  }

  public static Set<TopicPartition> partition0(String topic) {
    return Set.of(new TopicPartition(topic, 0));
  }
}
