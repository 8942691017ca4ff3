package io.pgcarry.schema.apply;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.schema.SchemaFailure;
import io.pgcarry.schema.ddl.ObjectKind;
import io.pgcarry.schema.ddl.SchemaObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * Builds the non-unique indexes of a post-data phase on several connections at once, as {@code
 * pg_restore --jobs} does: after a full load, building indexes is most of post-data's time, and
 * each build uses one core of the target. Each index is created and committed on its own, so a
 * failure leaves the indexes built before it, which a re-run of the phase finds and skips.
 *
 * <p>Only plain index definitions build in parallel: attaching partition indexes, triggers and
 * foreign keys run afterwards, in the phase's one transaction, once every index they may need
 * exists. Two builds on the same table take compatible locks ({@code SHARE}). Thread-safe.
 */
public final class ParallelIndexes {

  /** Connections building at once: pg_restore's common {@code --jobs=4}. */
  public static final int BUILDERS = 4;

  private ParallelIndexes() {}

  /** Whether an object builds on its own connection, in parallel with others of its kind. */
  public static boolean buildsInParallel(SchemaObject object) {
    return object.kind() == ObjectKind.SECONDARY_INDEX;
  }

  /**
   * Builds the indexes, each in its own transaction, on up to {@link #BUILDERS} connections.
   *
   * @throws SchemaFailure naming the first index that failed; the builds under way finish, the
   *     others do not start
   */
  public static void build(PgUri target, List<SchemaObject> indexes) {
    Queue<SchemaObject> queue = new ConcurrentLinkedQueue<>(indexes);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    int builders = Math.min(BUILDERS, indexes.size());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            builders,
            task -> {
              Thread thread = new Thread(task, "pgcarry-index-builder");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<?>> running =
          IntStream.range(0, builders)
              .<Future<?>>mapToObj(i -> pool.submit(() -> drain(target, queue, failure)))
              .toList();
      for (Future<?> builder : running) {
        builder.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaFailure("interrupted while building indexes on the target", e);
    } catch (ExecutionException e) {
      throw new SchemaFailure("an index builder failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  private static void drain(
      PgUri target, Queue<SchemaObject> queue, AtomicReference<RuntimeException> failure) {
    try (Connection connection = Connections.open(target, "target")) {
      Applier applier =
          new Applier(
              connection,
              "the indexes built before it stay on the target, and running this phase again"
                  + " skips them");
      SchemaObject index;
      while (failure.get() == null && (index = queue.poll()) != null) {
        applier.apply(List.of(index));
      }
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    } catch (SQLException e) {
      failure.compareAndSet(
          null, new SchemaFailure("cannot close a target connection: " + e.getMessage(), e));
    }
  }
}
