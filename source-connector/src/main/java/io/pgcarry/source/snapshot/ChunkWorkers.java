package io.pgcarry.source.snapshot;

import io.pgcarry.common.ConnectionFailure;
import io.pgcarry.common.sql.SqlStates;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker threads of a full load. Each opens its own {@link ChunkReader} and takes chunks from a
 * shared queue until none is left. The guard, a reader that locked every table of the load when the
 * snapshot was new, reads the chunks a worker cannot lock without waiting (a DDL command waits for
 * a lock on the table, and for the load's locks to go): it holds their locks, so the load goes on
 * and the command runs after it. A chunk whose connection is lost is read again, whole, on a new
 * connection that imports the same snapshot (transient failures as {@link SqlStates} classifies
 * them); any other failure is reported once and stops the load. Read bytes not yet released by the
 * consumer are bounded: a worker waits before reading more. Thread-safe.
 */
final class ChunkWorkers implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChunkWorkers.class);
  private static final int ATTEMPTS = 5;
  private static final int KIB = 1024;

  /** Opens a reader inside the snapshot. */
  interface ReaderFactory {
    ChunkReader open() throws SQLException;
  }

  private final ExecutorService pool;
  private final ReaderFactory readers;
  private final ConcurrentLinkedQueue<Chunk> todo;
  private final Consumer<ChunkReader.ChunkData> done;
  private final AtomicReference<Throwable> failure;
  private final Semaphore budget;
  private final int budgetKib;
  private final ChunkReader guard;
  private final ConcurrentLinkedQueue<Chunk> guardTodo = new ConcurrentLinkedQueue<>();
  private final AtomicInteger working = new AtomicInteger();

  /**
   * @param pool threads for the workers and one more for the guard
   * @param guard the reader holding every table's lock; closed with the workers
   */
  ChunkWorkers(
      ExecutorService pool,
      ReaderFactory readers,
      ChunkReader guard,
      List<Chunk> chunks,
      Consumer<ChunkReader.ChunkData> done,
      AtomicReference<Throwable> failure,
      long bufferBytes) {
    this.pool = pool;
    this.guard = guard;
    this.readers = readers;
    this.todo = new ConcurrentLinkedQueue<>(chunks);
    this.done = done;
    this.failure = failure;
    this.budgetKib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, bufferBytes / KIB));
    this.budget = new Semaphore(budgetKib);
  }

  void start(int workers) {
    working.set(workers);
    for (int i = 0; i < workers; i++) {
      pool.execute(this::work);
    }
    pool.execute(this::guard);
  }

  /** Gives back the budget of bytes the consumer has turned into records. */
  void release(long bytes) {
    budget.release(kib(bytes));
  }

  private void work() {
    ChunkReader reader = null;
    try {
      Chunk chunk;
      while (failure.get() == null && (chunk = todo.poll()) != null) {
        SQLException lost = null;
        for (int attempt = 1; ; attempt++) {
          try {
            if (reader == null) {
              reader = readers.open();
            }
            if (!reader.tryLockShared(chunk.table().id())) {
              LOG.info(
                  "{} is locked by another session, a DDL command waiting for the load to end;"
                      + " the load's lock holder reads it",
                  chunk.describe());
              guardTodo.add(chunk);
              break;
            }
            ChunkReader.ChunkData data = reader.read(chunk);
            // Hand the chunk on only when the bytes waiting for the consumer leave room for it.
            budget.acquire(kib(data.bytes()));
            done.accept(data);
            break;
          } catch (SQLException | ConnectionFailure e) {
            if (reader != null) {
              reader.close();
              reader = null;
            }
            SQLException failed = asSql(e);
            if (!SqlStates.isTransient(failed) || attempt == ATTEMPTS) {
              throw failure(chunk, failed, lost);
            }
            lost = failed;
            LOG.warn(
                "Lost the connection reading {} ({}); reading it again, attempt {} of {}",
                chunk.describe(),
                failed.getMessage(),
                attempt + 1,
                ATTEMPTS);
            TimeUnit.MILLISECONDS.sleep(200L * attempt);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      if (failure.compareAndSet(null, e)) {
        LOG.error("Full load worker failed: {}", e.getMessage(), e);
      }
    } finally {
      working.decrementAndGet();
      if (reader != null) {
        reader.close();
      }
    }
  }

  /**
   * Reads the chunks the workers handed over, until the workers are done and none is left. Its
   * connection holds the load's locks: when it is lost, the load fails and starts again.
   */
  private void guard() {
    try {
      while (failure.get() == null) {
        Chunk chunk = guardTodo.poll();
        if (chunk == null) {
          if (working.get() == 0 && guardTodo.isEmpty()) {
            return;
          }
          TimeUnit.MILLISECONDS.sleep(50);
          continue;
        }
        ChunkReader.ChunkData data = guard.read(chunk);
        budget.acquire(kib(data.bytes()));
        done.accept(data);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      if (failure.compareAndSet(null, e)) {
        LOG.error("Full load failed reading with the load's lock holder: {}", e.getMessage(), e);
      }
    }
  }

  /**
   * Why a chunk could not be read. After a lost connection, a new connection that cannot import the
   * snapshot (its exporting connection is gone too, as when the server restarted) fails because the
   * connection was lost: the failure keeps that SQL state, so the task starts the load again from a
   * new snapshot rather than stopping.
   */
  private static SQLException failure(Chunk chunk, SQLException failed, SQLException lost) {
    if (lost != null && !SqlStates.isTransient(failed)) {
      return new SQLException(
          "Failed to read "
              + chunk.describe()
              + ": the connection was lost ("
              + lost.getMessage()
              + ") and a new one cannot import the snapshot ("
              + failed.getMessage()
              + ")",
          lost.getSQLState(),
          failed);
    }
    return new SQLException(
        "Failed to read " + chunk.describe() + ": " + failed.getMessage(),
        failed.getSQLState(),
        failed);
  }

  /** A connection that could not be opened, as the SQL failure beneath it. */
  private static SQLException asSql(Exception e) {
    if (e instanceof SQLException sql) {
      return sql;
    }
    return e.getCause() instanceof SQLException sql
        ? new SQLException(e.getMessage(), sql.getSQLState(), e)
        : new SQLException(e.getMessage(), SqlStates.UNABLE_TO_CONNECT, e);
  }

  /** Budget units of a chunk; a chunk larger than the whole budget takes all of it. */
  private int kib(long bytes) {
    return (int) Math.min(budgetKib, Math.max(1, (bytes + KIB - 1) / KIB));
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    guard.close();
  }
}
