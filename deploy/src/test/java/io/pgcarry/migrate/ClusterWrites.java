package io.pgcarry.migrate;

import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.local.LocalPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application writing while a worker dies: transfers between accounts, each with two identical
 * ledger rows, and one ledger row deleted, about forty transactions a second.
 */
final class ClusterWrites {

  private final LocalPostgres source;
  private final String database;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong transactions = new AtomicLong();
  private final Thread thread = new Thread(this::run, "cluster-writes");
  private volatile Exception failure;

  ClusterWrites(LocalPostgres source, String database) {
    this.source = source;
    this.database = database;
  }

  void start() {
    thread.start();
  }

  long transactions() {
    return transactions.get();
  }

  /** Waits for {@code more} transactions to commit. */
  void awaitTransactions(long more) {
    long target = transactions.get() + more;
    WaitFor.condition(
        Duration.ofMinutes(1),
        more + " transactions of the write load",
        () -> {
          if (failure != null) {
            throw failure;
          }
          return transactions.get() >= target;
        });
  }

  void stop() throws Exception {
    running.set(false);
    thread.join();
    if (failure != null) {
      throw failure;
    }
  }

  private void run() {
    Random random = new Random(11);
    try (Connection c = source.connect(database);
        PreparedStatement debit =
            c.prepareStatement("UPDATE account SET balance = balance - 1 WHERE id = ?");
        PreparedStatement credit =
            c.prepareStatement("UPDATE account SET balance = balance + 1 WHERE id = ?");
        PreparedStatement ledger = c.prepareStatement("INSERT INTO ledger VALUES (?, 1)");
        PreparedStatement forget =
            c.prepareStatement(
                "DELETE FROM ledger WHERE ctid = (SELECT ctid FROM ledger WHERE account = ?"
                    + " LIMIT 1)")) {
      c.setAutoCommit(false);
      while (running.get()) {
        int from = 1 + random.nextInt(5000);
        int to = 1 + random.nextInt(5000);
        debit.setInt(1, from);
        debit.executeUpdate();
        credit.setInt(1, to);
        credit.executeUpdate();
        ledger.setInt(1, from % 50);
        ledger.executeUpdate();
        ledger.executeUpdate();
        forget.setInt(1, to % 50);
        forget.executeUpdate();
        c.commit();
        transactions.incrementAndGet();
        Thread.sleep(25);
      }
    } catch (Exception e) {
      failure = e;
    }
  }
}
