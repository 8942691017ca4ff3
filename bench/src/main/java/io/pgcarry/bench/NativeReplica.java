package io.pgcarry.bench;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.schema.Phase;
import io.pgcarry.schema.SchemaMigrator;
import io.pgcarry.schema.SchemaOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * PostgreSQL's own logical replication as a peer: the schema created first (the schema tool's
 * pre-data and post-data, as {@code pg_dump --schema-only | psql} would), a publication of every
 * table on the source, and a subscription on the target that copies the existing rows ({@code
 * copy_data}) and then applies changes. Paused by disabling the subscription. Not thread-safe.
 */
final class NativeReplica implements Replica {

  static final String NAME = "pgbench_native";
  private static final SqlResource READY =
      SqlResource.load(NativeReplica.class, "subscription-ready.sql");
  private static final Duration POLL = Duration.ofMillis(100);

  private final PgUri source;
  private final PgUri target;

  NativeReplica(PgUri source, PgUri target) {
    this.source = source;
    this.target = target;
  }

  @Override
  public String name() {
    return "native logical replication";
  }

  @Override
  public PgUri target() {
    return target;
  }

  /**
   * M1 for this peer: schema, publication, subscription, and the wait until every table's initial
   * copy is done.
   */
  BenchReport.FullLoad initialSync(long rows, Duration timeout) throws Exception {
    long start = System.nanoTime();
    new SchemaMigrator(SchemaOptions.of(source, target)).run(Phase.ALL, false);
    double schema = seconds(start);
    try (Connection c = Connections.open(source, "source");
        Statement statement = c.createStatement()) {
      statement.execute("CREATE PUBLICATION " + Identifier.quote(NAME) + " FOR ALL TABLES");
    }
    long subscribe = System.nanoTime();
    execute(
        "CREATE SUBSCRIPTION "
            + Identifier.quote(NAME)
            + " CONNECTION "
            + Identifier.literal(conninfo())
            + " PUBLICATION "
            + Identifier.quote(NAME)
            + " WITH (copy_data = true)");
    awaitReady(timeout);
    double total = seconds(start);
    return new BenchReport.FullLoad(
        name(),
        true,
        total,
        rows / total,
        0,
        List.of(
            new BenchReport.Step("schema", schema),
            new BenchReport.Step("initial sync", seconds(subscribe))),
        "schema by the schema tool, then CREATE SUBSCRIPTION ... WITH (copy_data) until every"
            + " table is ready");
  }

  @Override
  public void pause() throws SQLException {
    execute("ALTER SUBSCRIPTION " + Identifier.quote(NAME) + " DISABLE");
  }

  @Override
  public void resume() throws SQLException {
    execute("ALTER SUBSCRIPTION " + Identifier.quote(NAME) + " ENABLE");
  }

  /** Drops the subscription and, with it, its slot on the source. */
  void drop() throws SQLException {
    execute("DROP SUBSCRIPTION IF EXISTS " + Identifier.quote(NAME));
  }

  private void awaitReady(Duration timeout) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Connection c = Connections.open(target, "target");
        PreparedStatement query = c.prepareStatement(READY.body())) {
      query.setString(1, NAME);
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = query.executeQuery()) {
          rs.next();
          if (rs.getLong(1) > 0 && rs.getLong(1) == rs.getLong(2)) {
            return;
          }
        }
        Thread.sleep(POLL.toMillis());
      }
    }
    throw new IllegalStateException(
        "subscription " + NAME + " on " + target + " did not copy every table within " + timeout);
  }

  /** The source as a libpq connection string, each value quoted as libpq reads it. */
  private String conninfo() {
    return "host="
        + conninfoValue(source.host())
        + " port="
        + source.port()
        + " dbname="
        + conninfoValue(source.database())
        + " user="
        + conninfoValue(source.user())
        + " password="
        + conninfoValue(source.password());
  }

  /** https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING */
  private static String conninfoValue(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = Connections.open(target, "target");
        Statement statement = c.createStatement()) {
      statement.execute(sql);
    }
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
