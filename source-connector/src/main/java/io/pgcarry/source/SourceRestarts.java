package io.pgcarry.source;

import io.pgcarry.common.ConnectionFailure;
import io.pgcarry.common.sql.SqlStates;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the task starts its work again after losing the source: a failure is worth a restart when
 * its cause chain holds a transient SQL state ({@link SqlStates#isTransient}), an I/O failure or a
 * connection that could not be opened ({@link ConnectionFailure} over one of those); restarts are
 * spaced by a back-off that starts at one second and doubles up to a ceiling, and end the task
 * after a number of failed restarts in a row. A restart that delivers records resets the count. Not
 * thread-safe: the task thread's.
 */
final class SourceRestarts {

  private static final Logger LOG = LoggerFactory.getLogger(SourceRestarts.class);
  private static final Duration FIRST = Duration.ofSeconds(1);
  private static final Duration MOST_PER_POLL = Duration.ofMillis(500);
  private static final String COPYING_EXECUTOR = "org.postgresql.core.v3.QueryExecutorImpl";

  private final Duration ceiling;
  private final int maxRetries;
  private int failures;
  private long resumeAtNanos = System.nanoTime();

  /**
   * @param ceiling the longest wait between two restarts
   * @param maxRetries failed restarts in a row before the task stops; negative for no limit
   */
  SourceRestarts(Duration ceiling, int maxRetries) {
    this.ceiling = ceiling.compareTo(FIRST) < 0 ? FIRST : ceiling;
    this.maxRetries = maxRetries;
  }

  /** True when the cause chain says the source was lost, not that the work itself is wrong. */
  static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        if (SqlStates.isTransient(sql) || isEndedCopy(sql)) {
          return true;
        }
      } else if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  /**
   * True for pgJDBC's refusal to use a copy operation that has ended (55000, raised by its query
   * executor's copy methods): the replication stream's connection ended underneath, and the thread
   * that acknowledges positions saw it before the one that reads changes could report why. A
   * restart either streams again or meets the real cause first. Told apart from the other 55000
   * failures (an invalidated slot, say) by where it was raised, since the message is translated.
   */
  private static boolean isEndedCopy(SQLException sql) {
    if (!SqlStates.OBJECT_NOT_IN_STATE.equals(sql.getSQLState())) {
      return false;
    }
    StackTraceElement[] frames = sql.getStackTrace();
    return frames.length > 0
        && frames[0].getClassName().equals(COPYING_EXECUTOR)
        && frames[0].getMethodName().contains("Copy");
  }

  /** True when the back-off after the last failure is over. */
  boolean ready() {
    return System.nanoTime() - resumeAtNanos >= 0;
  }

  /** Waits for the rest of the back-off, at most half a second, so that a stop is heard soon. */
  void pause() throws InterruptedException {
    long left = Math.min(resumeAtNanos - System.nanoTime(), MOST_PER_POLL.toNanos());
    if (left > 0) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
  }

  /**
   * Records a failure of {@code what}, to be restarted after the back-off.
   *
   * @throws ConnectException when the failures in a row exceed the limit
   */
  void failed(String what, Throwable failure) {
    failures++;
    if (maxRetries >= 0 && failures > maxRetries) {
      throw new ConnectException(
          what
              + " failed "
              + failures
              + " times in a row, the last time: "
              + headline(failure)
              + " (errors.max.retries = "
              + maxRetries
              + ")",
          failure);
    }
    Duration wait = backoff();
    resumeAtNanos = System.nanoTime() + wait.toNanos();
    LOG.warn(
        "{} lost the source: {}; starting again in {} ms (attempt {})",
        what,
        headline(failure),
        wait.toMillis(),
        failures + 1);
  }

  /** The source answered: the next failure starts the back-off anew. */
  void succeeded() {
    if (failures > 0) {
      LOG.info("Reconnected to the source after {} failed attempts", failures);
      failures = 0;
    }
  }

  private Duration backoff() {
    int doublings = Math.min(failures - 1, 20);
    Duration wait = FIRST.multipliedBy(1L << doublings);
    return wait.compareTo(ceiling) > 0 ? ceiling : wait;
  }

  /**
   * What went wrong, in one line: the diagnosis of a connection that could not be opened, else the
   * message of the first SQL failure in the cause chain (pgcarry's own say what they were doing),
   * else that of the deepest cause.
   */
  static String headline(Throwable failure) {
    String message = null;
    String deepest = failure.getMessage();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectionFailure || (message == null && t instanceof SQLException)) {
        message = t.getMessage();
        if (t instanceof ConnectionFailure) {
          break;
        }
      }
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        deepest = t.getMessage();
      }
    }
    String line = message != null ? message : deepest;
    line = line == null ? failure.getClass().getSimpleName() : line.strip();
    int newline = line.indexOf('\n');
    return newline < 0 ? line : line.substring(0, newline);
  }
}
