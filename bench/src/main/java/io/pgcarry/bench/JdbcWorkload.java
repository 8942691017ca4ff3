package io.pgcarry.bench;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The transactions of a {@link Shape} written over JDBC, for installations without the pgbench
 * program (the PostgreSQL binaries pgcarry ships hold only the server): the same statements in the
 * same order, and with a rate each client starts its transactions on a fixed schedule.
 *
 * @param source the source database
 */
record JdbcWorkload(PgUri source) implements Workload {

  private static final String UPDATE_ACCOUNT =
      "UPDATE pgbench_accounts SET abalance = abalance + ? WHERE aid = ?";
  private static final String SELECT_ACCOUNT =
      "SELECT abalance FROM pgbench_accounts WHERE aid = ?";
  private static final String UPDATE_TELLER =
      "UPDATE pgbench_tellers SET tbalance = tbalance + ? WHERE tid = ?";
  private static final String UPDATE_BRANCH =
      "UPDATE pgbench_branches SET bbalance = bbalance + ? WHERE bid = ?";
  private static final String INSERT_HISTORY =
      "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime)"
          + " VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)";

  @Override
  public long run(Shape shape, Duration duration, double transactionsPerSecond, int count)
      throws Exception {
    int scale = scale();
    long deadline = System.nanoTime() + duration.toNanos();
    long interval = transactionsPerSecond > 0 ? (long) (1e9 * count / transactionsPerSecond) : 0;
    ExecutorService clients = Executors.newFixedThreadPool(count);
    try {
      List<Future<Long>> done = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        done.add(clients.submit(() -> client(shape, scale, deadline, interval)));
      }
      long total = 0;
      for (Future<Long> client : done) {
        total += client.get();
      }
      return total;
    } catch (ExecutionException e) {
      throw new IllegalStateException("the JDBC workload failed on " + source, e.getCause());
    } finally {
      clients.shutdownNow();
    }
  }

  @Override
  public String description() {
    return "pgbench's transactions over JDBC";
  }

  private int scale() throws SQLException {
    try (Connection c = Connections.open(source, "source");
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pgbench_branches")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** One client: transactions until the deadline, each started on schedule when paced. */
  private long client(Shape shape, int scale, long deadline, long interval) throws Exception {
    try (Connection c = Connections.open(source, "source")) {
      c.setAutoCommit(false);
      long next = System.nanoTime();
      long committed = 0;
      while (System.nanoTime() < deadline) {
        if (interval > 0) {
          long wait = next - System.nanoTime();
          if (wait > 0) {
            // Pacing a load generator, not waiting for a condition.
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          next += interval;
        }
        shape.transaction(c, scale);
        committed++;
      }
      return committed;
    }
  }

  /** pgbench's tpcb-like transaction, not committed. */
  static void tpcb(Connection c, int scale, ThreadLocalRandom random) throws SQLException {
    int aid = random.nextInt(1, 100_000 * scale + 1);
    int tid = random.nextInt(1, 10 * scale + 1);
    int bid = random.nextInt(1, scale + 1);
    int delta = random.nextInt(-5000, 5001);
    execute(c, UPDATE_ACCOUNT, delta, aid);
    try (PreparedStatement select = c.prepareStatement(SELECT_ACCOUNT)) {
      select.setInt(1, aid);
      select.executeQuery().close();
    }
    execute(c, UPDATE_TELLER, delta, tid);
    execute(c, UPDATE_BRANCH, delta, bid);
    execute(c, INSERT_HISTORY, tid, bid, aid, delta);
  }

  static void execute(Connection c, String sql, int... values) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setInt(i + 1, values[i]);
      }
      statement.executeUpdate();
    }
  }
}
