package io.pgcarry.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads a JVM's threads from {@code /proc} at a fixed interval while a phase runs, so that a thread
 * which ends before the phase does (a full load's chunk readers, an index builder, a start-up
 * thread) keeps the CPU it had used at its last reading instead of joining the unnamed remainder of
 * threads that ended. What a thread used after its last reading stays in that remainder, at most
 * one interval's worth per ended thread. Between readings the names are the kernel's 15 characters;
 * at the end, the threads still alive take their whole Java names. Reading {@code /proc} costs the
 * JVM nothing: no attach, no safepoint. Thread-safe.
 */
final class ThreadSampler implements AutoCloseable {

  private final long pid;
  private final Map<Long, JvmThreads.Thread> seen = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;

  private ThreadSampler(long pid, Duration every) {
    this.pid = pid;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "bench-thread-sampler");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleAtFixedRate(this::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts reading the threads of process {@code pid}, the first reading at once. */
  static ThreadSampler start(long pid, Duration every) {
    return new ThreadSampler(pid, every);
  }

  /**
   * Stops reading and returns every thread seen since the start, ended ones included, with the
   * process's total; a thread's seconds are its last reading's.
   */
  JvmThreads stop() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    JvmThreads now = JvmThreads.of(pid);
    Map<Long, JvmThreads.Thread> all = new HashMap<>(seen);
    all.putAll(now.threads());
    return new JvmThreads(now.total(), all);
  }

  /** The seconds of the thread of that kernel name at the last reading that saw it; 0 if none. */
  double lastSeen(String name) {
    return seen.values().stream()
        .filter(thread -> thread.name().equals(name))
        .mapToDouble(JvmThreads.Thread::seconds)
        .max()
        .orElse(0);
  }

  private void sample() {
    seen.putAll(JvmThreads.kernelThreads(pid));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
