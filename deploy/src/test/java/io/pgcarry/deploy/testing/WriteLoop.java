package io.pgcarry.deploy.testing;

import io.pgcarry.common.testing.WaitFor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application writing in the background while a test does something else: one transaction,
 * written by the test, run again and again on a connection of its own with a pause between runs,
 * until {@link #stop}. The tests' one write-load generator; what is written is the test's.
 *
 * <p>A loop either stops at its first failure, which {@link #stop} and {@link #awaitTransactions}
 * then throw, or, {@link #outlivingFaults}, reconnects after a failure and goes on, as an
 * application does while a server restarts. {@link #pause} returns once no transaction is in
 * flight. Thread-safe.
 */
public final class WriteLoop implements AutoCloseable {

  /** Opens the loop's connection. */
  @FunctionalInterface
  public interface Connector {
    Connection open() throws SQLException;
  }

  /**
   * One transaction of the loop. It sets the connection's auto-commit and commits as it needs;
   * {@code n} counts from 0.
   */
  @FunctionalInterface
  public interface Transaction {
    void run(Connection c, long n) throws Exception;
  }

  private static final Duration RECONNECT_PAUSE = Duration.ofMillis(200);
  private static final Duration PAUSED_POLL = Duration.ofMillis(20);
  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);

  private final Connector connector;
  private final Transaction transaction;
  private final Duration pause;
  private final boolean outlivesFaults;
  private final AtomicLong transactions = new AtomicLong();
  private final Object inFlight = new Object();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean paused;
  private volatile Exception failure;

  private WriteLoop(
      String name,
      Connector connector,
      Duration pause,
      boolean outlivesFaults,
      Transaction transaction) {
    this.connector = connector;
    this.transaction = transaction;
    this.pause = pause;
    this.outlivesFaults = outlivesFaults;
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
  }

  /** Starts a loop that stops at its first failure. */
  public static WriteLoop start(
      String name, Connector connector, Duration pause, Transaction transaction) {
    WriteLoop loop = new WriteLoop(name, connector, pause, false, transaction);
    loop.thread.start();
    return loop;
  }

  /** Starts a loop that reconnects after a failure and goes on, until {@link #stop}. */
  public static WriteLoop outlivingFaults(
      String name, Connector connector, Duration pause, Transaction transaction) {
    WriteLoop loop = new WriteLoop(name, connector, pause, true, transaction);
    loop.thread.start();
    return loop;
  }

  /** Transactions committed so far. */
  public long transactions() {
    return transactions.get();
  }

  /** Waits for {@code more} transactions to commit; fails when the loop failed. */
  public void awaitTransactions(long more, Duration timeout) {
    long target = transactions.get() + more;
    WaitFor.condition(
        timeout,
        more + " transactions of the write loop " + thread.getName(),
        () -> {
          requireRunning();
          return transactions.get() >= target;
        });
  }

  /** Throws the loop's failure, or fails when it stopped early. */
  public void requireRunning() throws Exception {
    if (failure != null) {
      throw failure;
    }
    if (!thread.isAlive()) {
      throw new IllegalStateException("the write loop " + thread.getName() + " stopped early");
    }
  }

  /** Stops writing; returns once no transaction is in flight. */
  public void pause() {
    paused = true;
    synchronized (inFlight) {
      // The loop runs each transaction holding the lock: taking it waits out the current one.
    }
  }

  public void resume() {
    paused = false;
  }

  /** Stops the loop and waits for it; throws its failure, if any. */
  public void stop() throws Exception {
    running = false;
    thread.join(STOP_TIMEOUT.toMillis());
    if (thread.isAlive()) {
      throw new IllegalStateException(
          "the write loop " + thread.getName() + " did not stop within " + STOP_TIMEOUT);
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() throws Exception {
    stop();
  }

  private void loop() {
    Connection c = null;
    try {
      while (running) {
        Duration next = pause;
        try {
          synchronized (inFlight) {
            if (paused) {
              next = PAUSED_POLL;
            } else {
              if (c == null) {
                c = connector.open();
              }
              transaction.run(c, transactions.get());
              transactions.incrementAndGet();
            }
          }
        } catch (SQLException e) {
          if (!outlivesFaults) {
            throw e;
          }
          close(c);
          c = null;
          next = RECONNECT_PAUSE;
        }
        Thread.sleep(next.toMillis());
      }
    } catch (Exception e) {
      failure = e;
    } finally {
      close(c);
    }
  }

  private static void close(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // gone already
      }
    }
  }
}
