package io.pgcarry.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's application: it keeps writing to the shop database (new customers and orders, paid and
 * cancelled orders, price changes that fire the trigger, page views, deletes of duplicate page
 * views) until stopped, at a bounded rate, each business action in its own transaction.
 */
final class ShopWorkload implements Runnable {

  private final String jdbcUrl;
  private final Properties credentials;
  private final int transactionsPerSecond;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong transactions = new AtomicLong();
  private final Random random = new Random(42);
  private volatile Exception failure;

  ShopWorkload(String jdbcUrl, Properties credentials, int transactionsPerSecond) {
    this.jdbcUrl = jdbcUrl;
    this.credentials = credentials;
    this.transactionsPerSecond = transactionsPerSecond;
  }

  @Override
  public void run() {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, credentials)) {
      connection.setAutoCommit(false);
      long pause = 1000L / transactionsPerSecond;
      while (running.get()) {
        oneTransaction(connection);
        connection.commit();
        transactions.incrementAndGet();
        Thread.sleep(pause);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      failure = e;
    }
  }

  void stop() {
    running.set(false);
  }

  long transactions() {
    return transactions.get();
  }

  Exception failure() {
    return failure;
  }

  private void oneTransaction(Connection c) throws SQLException {
    switch (random.nextInt(6)) {
      case 0 -> newCustomerWithOrder(c);
      case 1 -> updateRandom(c, "UPDATE sales.\"order\" SET status = 'paid' WHERE id = ?", 25000);
      case 2 -> updateRandom(c, "UPDATE catalog.product SET price = price + 1 WHERE id = ?", 5000);
      case 3 -> pageView(c);
      case 4 ->
          updateRandom(
              c,
              "DELETE FROM audit.page_view WHERE ctid = (SELECT ctid FROM audit.page_view"
                  + " WHERE customer_id = ? LIMIT 1)",
              10000);
      default ->
          updateRandom(
              c,
              "UPDATE sales.\"order\" SET status = 'cancelled', note = 'customer asked' WHERE id = ?",
              25000);
    }
  }

  private void newCustomerWithOrder(Connection c) throws SQLException {
    long customer;
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO sales.customer (email, full_name, country) VALUES (?, ?, 'CN')"
                + " RETURNING id")) {
      String tag = Long.toString(System.nanoTime(), 36) + random.nextInt(1000);
      insert.setString(1, "new-" + tag + "@example.com");
      insert.setString(2, "New customer " + tag);
      try (ResultSet rs = insert.executeQuery()) {
        rs.next();
        customer = rs.getLong(1);
      }
    }
    long order;
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO sales.\"order\" (customer_id, total) VALUES (?, 0) RETURNING id")) {
      insert.setLong(1, customer);
      try (ResultSet rs = insert.executeQuery()) {
        rs.next();
        order = rs.getLong(1);
      }
    }
    try (PreparedStatement line =
        c.prepareStatement(
            "INSERT INTO sales.order_line (order_id, line_no, product_id, quantity, unit_price)"
                + " SELECT ?, ?, p.id, ?, p.price FROM catalog.product p WHERE p.id = ?")) {
      for (int n = 1; n <= 3; n++) {
        line.setLong(1, order);
        line.setInt(2, n);
        line.setInt(3, 1 + random.nextInt(4));
        line.setLong(4, 1 + random.nextInt(5000));
        line.addBatch();
      }
      line.executeBatch();
    }
    updateById(
        c,
        "UPDATE sales.\"order\" SET total = (SELECT sum(quantity * unit_price)"
            + " FROM sales.order_line WHERE order_id = id) WHERE id = ?",
        order);
  }

  private void pageView(Connection c) throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO audit.page_view (customer_id, path, viewed_at)"
                + " VALUES (?, '/cart', date_trunc('second', now()))")) {
      long customer = 1 + random.nextInt(10000);
      insert.setLong(1, customer);
      insert.execute();
      // The same view twice: a true duplicate row in a table without a key.
      insert.execute();
    }
  }

  private void updateRandom(Connection c, String sql, int bound) throws SQLException {
    updateById(c, sql, 1 + random.nextInt(bound));
  }

  private static void updateById(Connection c, String sql, long id) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      statement.setLong(1, id);
      statement.executeUpdate();
    }
  }
}
