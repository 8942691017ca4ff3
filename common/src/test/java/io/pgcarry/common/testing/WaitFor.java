package io.pgcarry.common.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waiting in tests for something that happens in another thread, process or server, in the spirit
 * of Kafka Connect's {@code TestUtils.waitForCondition}: poll a condition until it holds, and fail
 * with a message saying what was awaited, for how long, and what was last seen. Never a fixed
 * sleep.
 */
public final class WaitFor {

  private static final Duration POLL = Duration.ofMillis(250);

  private WaitFor() {}

  /** A condition that may throw; an exception ends the wait and fails the test. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /** A value that may not be there yet; an exception ends the wait and fails the test. */
  @FunctionalInterface
  public interface Probe<T> {
    Optional<T> value() throws Exception;
  }

  /**
   * Polls until {@code condition} holds.
   *
   * @param what what is awaited, for the failure message ("the slot to be released")
   * @throws AssertionError when it does not hold within {@code timeout}
   */
  public static void condition(Duration timeout, String what, Condition condition) {
    condition(timeout, what, condition, () -> "");
  }

  /**
   * Polls until {@code condition} holds.
   *
   * @param context what to add to the failure message, such as a log; read only on failure
   * @throws AssertionError when it does not hold within {@code timeout}
   */
  public static void condition(
      Duration timeout, String what, Condition condition, Supplier<String> context) {
    value(timeout, what, () -> condition.holds() ? Optional.of(true) : Optional.empty(), context);
  }

  /**
   * Polls until {@code probe} yields a value, and returns it.
   *
   * @throws AssertionError when there is none within {@code timeout}
   */
  public static <T> T value(Duration timeout, String what, Probe<T> probe) {
    return value(timeout, what, probe, () -> "");
  }

  /**
   * Polls until {@code probe} yields a value, and returns it.
   *
   * @param context what to add to the failure message, such as a log; read only on failure
   * @throws AssertionError when there is none within {@code timeout}
   */
  public static <T> T value(
      Duration timeout, String what, Probe<T> probe, Supplier<String> context) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> value;
      try {
        value = probe.value();
      } catch (AssertionError e) {
        throw e;
      } catch (Exception e) {
        throw new AssertionError("failed while waiting for " + what + ": " + e, e);
      }
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() - deadline > 0) {
        String more = context.get();
        throw new AssertionError(
            "waited "
                + timeout.toSeconds()
                + " s for "
                + what
                + ", in vain"
                + (more == null || more.isEmpty() ? "" : ":\n" + more));
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }
}
