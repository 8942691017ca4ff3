package io.pgcarry.migrate.verify;

import io.pgcarry.common.Connections;
import io.pgcarry.common.stream.ChunkMarker;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Writes chunks from the source ({@link ChunkWriter}: their markers, or their repairs) on several
 * connections at once, within a rate of rows read ({@link RowRate}). A chunk whose table was not
 * locked in time is tried again after a wait that doubles from 100 ms to 2 s, while the other
 * chunks go on, until the deadline. Each run opens and closes its own connections. Not thread-safe:
 * one run at a time.
 */
final class ChunkRunner {

  private static final Duration FIRST_RETRY = Duration.ofMillis(100);
  private static final Duration LAST_RETRY = Duration.ofSeconds(2);

  /**
   * What the run wrote.
   *
   * @param markers the marker written for each chunk checked, by chunk number
   * @param attempts how many times each chunk was tried, by chunk number
   * @param refused why each chunk that could not be written was not, by chunk number
   */
  record Outcome(
      Map<Integer, ChunkMarker> markers,
      Map<Integer, Integer> attempts,
      Map<Integer, String> refused) {

    Outcome {
      markers = Map.copyOf(markers);
      attempts = Map.copyOf(attempts);
      refused = Map.copyOf(refused);
    }
  }

  /** A chunk waiting for its next attempt. */
  private record Attempt(PlannedChunk chunk, int tries, long notBeforeNanos) {}

  private final OnlineVerification.Settings settings;
  private final ChunkWriter.Opener writers;
  private final RowRate rate;
  private final Instant deadline;
  private final Consumer<String> progress;

  /**
   * @param writers opens the writer of each connection
   */
  ChunkRunner(
      OnlineVerification.Settings settings,
      ChunkWriter.Opener writers,
      RowRate rate,
      Instant deadline,
      Consumer<String> progress) {
    this.settings = settings;
    this.writers = writers;
    this.rate = rate;
    this.deadline = deadline;
    this.progress = progress;
  }

  /** Checks every chunk, or as many as the deadline allows. */
  Outcome run(List<PlannedChunk> chunks) throws SQLException, InterruptedException {
    PriorityBlockingQueue<Attempt> queue =
        new PriorityBlockingQueue<>(
            Math.max(1, chunks.size()),
            (a, b) -> Long.compare(a.notBeforeNanos(), b.notBeforeNanos()));
    long now = System.nanoTime();
    chunks.forEach(c -> queue.add(new Attempt(c, 0, now)));
    Map<Integer, ChunkMarker> markers = new ConcurrentHashMap<>();
    Map<Integer, Integer> attempts = new ConcurrentHashMap<>();
    Map<Integer, String> refused = new ConcurrentHashMap<>();
    AtomicInteger open = new AtomicInteger(chunks.size());
    int jobs = Math.max(1, Math.min(settings.jobs(), chunks.size()));
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    try {
      List<Future<Void>> workers = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        workers.add(pool.submit(() -> work(queue, open, new Tally(markers, attempts, refused))));
      }
      for (Future<Void> worker : workers) {
        await(worker);
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    return new Outcome(markers, attempts, refused);
  }

  /** What the connections wrote, shared by them. */
  private record Tally(
      Map<Integer, ChunkMarker> markers,
      Map<Integer, Integer> attempts,
      Map<Integer, String> refused) {}

  /** One connection's share: takes the next chunk due until none is left or the deadline. */
  private Void work(PriorityBlockingQueue<Attempt> queue, AtomicInteger open, Tally tally)
      throws SQLException, InterruptedException {
    try (Connection source = Connections.open(settings.source(), "source")) {
      ChunkWriter writer = writers.open(source);
      while (open.get() > 0 && Instant.now().isBefore(deadline)) {
        Attempt attempt = queue.poll(50, TimeUnit.MILLISECONDS);
        if (attempt == null) {
          continue;
        }
        long early = attempt.notBeforeNanos() - System.nanoTime();
        if (early > 0) {
          queue.add(attempt);
          Thread.sleep(Math.min(50, TimeUnit.NANOSECONDS.toMillis(early) + 1));
          continue;
        }
        PlannedChunk chunk = attempt.chunk();
        tally.attempts().merge(chunk.number(), 1, Integer::sum);
        Optional<ChunkMarker> marker;
        try {
          marker = writer.write(chunk);
        } catch (ChunkWriter.Refused e) {
          tally.refused().put(chunk.number(), e.getMessage());
          open.decrementAndGet();
          continue;
        }
        if (marker.isPresent()) {
          tally.markers().put(chunk.number(), marker.get());
          int left = open.decrementAndGet();
          if (left % 100 == 0 && left > 0) {
            progress.accept(left + " chunks left to check on the source");
          }
          rate.read(marker.get().source().rows());
        } else {
          long wait = FIRST_RETRY.toNanos() << Math.min(attempt.tries(), 5);
          queue.add(
              new Attempt(
                  chunk,
                  attempt.tries() + 1,
                  System.nanoTime() + Math.min(wait, LAST_RETRY.toNanos())));
        }
      }
    }
    return null;
  }

  private static void await(Future<Void> worker) throws SQLException, InterruptedException {
    try {
      worker.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
