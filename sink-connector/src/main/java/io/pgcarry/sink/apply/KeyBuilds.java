package io.pgcarry.sink.apply;

import io.pgcarry.common.ConnectionFailure;
import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.SqlStates;
import io.pgcarry.common.stream.DeferredKeyTable;
import io.pgcarry.common.stream.DeferredKeyTable.DeferredKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the keys that tables get after their rows ({@link DeferredKeyTable}): primary keys, unique
 * and exclusion constraints, unique indexes and the replica identity naming one, which the schema's
 * pre-data step left out of tables the full load fills. A table's keys build on a connection of
 * their own, in one transaction that runs the table's recorded statements in order and deletes
 * their rows, so the target has a table's keys exactly when its rows are gone; up to {@link
 * #BUILDERS} tables build at once while the task applies the others. The task starts a build once
 * the table's full load is applied and holds the table's later records until it finished.
 *
 * <p>A build that fails transiently (the target restarting, a connection lost) starts again after a
 * backoff, as a batch would; any other failure, or a transient one too often, is reported by {@link
 * #finished()}. The task thread calls everything but the builds, which run on the pool.
 */
public final class KeyBuilds implements AutoCloseable {

  /** Tables building at once, as {@code pg_restore --jobs=4} builds indexes. */
  public static final int BUILDERS = 4;

  private static final Logger LOG = LoggerFactory.getLogger(KeyBuilds.class);

  private final Supplier<Connection> connector;
  private final DeferredKeyTable table;
  private final String migration;
  private final int maxRetries;
  private final Duration backoff;
  private final Duration maxBackoff;
  private final ExecutorService pool =
      Executors.newFixedThreadPool(
          BUILDERS,
          task -> {
            Thread thread = new Thread(task, "pgcarry-key-builder");
            thread.setDaemon(true);
            return thread;
          });

  /** The tables whose keys are not built, by target name, with what builds them. */
  private final Map<TableId, List<DeferredKey>> deferred = new HashMap<>();

  private final Map<TableId, Future<?>> running = new HashMap<>();
  private final Map<TableId, Statement> statements = new ConcurrentHashMap<>();
  private final Map<TableId, Outcome> outcomes = new ConcurrentHashMap<>();

  /** How a build ended: built, or failed with the failure to report. */
  private record Outcome(ApplyFailure failure) {}

  /**
   * @param connector opens a new connection to the target (throws {@link ConnectionFailure})
   * @param table where the deferred keys are
   * @param migration whose keys this builds
   * @param maxRetries how often a transient failure starts a build again
   * @param backoff the wait before the first new start, doubled for each after it
   * @param maxBackoff the longest wait
   */
  public KeyBuilds(
      Supplier<Connection> connector,
      DeferredKeyTable table,
      String migration,
      int maxRetries,
      Duration backoff,
      Duration maxBackoff) {
    this.connector = connector;
    this.table = table;
    this.migration = migration;
    this.maxRetries = maxRetries;
    this.backoff = backoff;
    this.maxBackoff = maxBackoff;
  }

  /**
   * Reads which tables still wait for their keys; none when the table does not exist (a schema not
   * prepared by pgcarry).
   *
   * @throws ApplyFailure when the target cannot be read, transient when trying again may help
   */
  public void load() {
    Map<TableId, List<DeferredKey>> read = new HashMap<>();
    try (Connection c = connector.get()) {
      if (table.exists(c)) {
        for (DeferredKey key : table.read(c, migration)) {
          read.computeIfAbsent(key.table(), t -> new ArrayList<>()).add(key);
        }
      }
    } catch (ConnectionFailure e) {
      throw unreachable("Failed to read the keys built after the full load", e);
    } catch (SQLException e) {
      throw new ApplyFailure(
          "Failed to read the keys built after the full load from "
              + table
              + ": "
              + SqlStates.describe(e),
          SqlStates.isTransient(e),
          new SQLException(SqlStates.describe(e), e.getSQLState()));
    }
    // A table building now is not built yet, whatever this read saw.
    running.keySet().forEach(t -> read.putIfAbsent(t, deferred.getOrDefault(t, List.of())));
    deferred.clear();
    deferred.putAll(read);
  }

  /** Whether a target table's keys are recorded and not built yet: its changes must wait. */
  public boolean waitsFor(TableId target) {
    return deferred.containsKey(target);
  }

  /** Whether any table's keys wait to be built: once none do, no record waits for keys. */
  public boolean waitsForAny() {
    return !deferred.isEmpty();
  }

  /** Starts building a table's keys, unless that runs already. */
  public void start(TableId target) {
    if (running.containsKey(target) || !deferred.containsKey(target)) {
      return;
    }
    LOG.info(
        "Building the keys of {} after its full load: {}",
        target.quoted(),
        deferred.get(target).stream().map(DeferredKey::object).toList());
    running.put(target, pool.submit(() -> build(target)));
  }

  /** Whether any build runs or ended without being collected by {@link #finished()}. */
  public boolean busy() {
    return !running.isEmpty();
  }

  /**
   * The tables whose keys were built since the last call.
   *
   * @throws ApplyFailure of a build that failed for good (not transient: the task stops, and builds
   *     the table's keys again when it starts), naming the table, the object and the fix
   */
  public Set<TableId> finished() {
    Set<TableId> built = new HashSet<>();
    for (TableId target : List.copyOf(running.keySet())) {
      Outcome outcome = outcomes.remove(target);
      if (outcome == null) {
        continue;
      }
      running.remove(target);
      if (outcome.failure() != null) {
        // Its changes still wait for the keys, whoever builds them.
        throw outcome.failure();
      }
      deferred.remove(target);
      built.add(target);
    }
    return built;
  }

  private void build(TableId target) {
    long started = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        buildOnce(target);
        LOG.info(
            "Built the keys of {} in {} ms",
            target.quoted(),
            (System.nanoTime() - started) / 1_000_000);
        outcomes.put(target, new Outcome(null));
        return;
      } catch (ApplyFailure e) {
        if (!e.isTransient()) {
          outcomes.put(target, new Outcome(e));
          return;
        }
        if (attempt > maxRetries || Thread.currentThread().isInterrupted()) {
          // Given up: the task stops, and builds them again when it starts.
          outcomes.put(
              target,
              new Outcome(
                  new ApplyFailure(
                      e.getMessage() + " (" + attempt + " attempts)", false, e.getCause())));
          return;
        }
        long wait =
            Math.min(maxBackoff.toMillis(), backoff.toMillis() << Math.min(attempt - 1, 20));
        LOG.warn(
            "{}; building again in {} ms ({} of {})", e.getMessage(), wait, attempt, maxRetries);
        try {
          Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          outcomes.put(target, new Outcome(e));
          return;
        }
      }
    }
  }

  /**
   * One transaction: the table's recorded statements, in order, and the deletion of their rows. A
   * builder of another task that claimed them first is waited for, and then there is nothing left.
   */
  private void buildOnce(TableId target) {
    DeferredKey current = null;
    try (Connection c = connector.get()) {
      c.setAutoCommit(false);
      try (Statement statement = c.createStatement()) {
        statements.put(target, statement);
        for (DeferredKey key : table.claim(c, migration, target)) {
          current = key;
          for (String sql : key.statements()) {
            statement.execute(sql);
          }
        }
        current = null;
        table.built(c, migration, target);
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (ConnectionFailure e) {
      throw unreachable("Failed to build the keys of " + target.quoted(), e);
    } catch (SQLException e) {
      throw failure(target, current, e);
    } finally {
      statements.remove(target);
    }
  }

  /** The target cannot be reached; retriable when the cause is (refused, starting up). */
  private static ApplyFailure unreachable(String what, ConnectionFailure e) {
    boolean retriable =
        !(e.getCause() instanceof SQLException cause) || SqlStates.isTransient(cause);
    return new ApplyFailure(what + ": " + e.getMessage(), retriable, null);
  }

  private static ApplyFailure failure(TableId target, DeferredKey key, SQLException e) {
    String what =
        "Failed to build "
            + (key == null ? "the keys" : key.object())
            + " of "
            + target.quoted()
            + " after its full load: "
            + SqlStates.describe(e);
    SQLException sanitized = new SQLException(SqlStates.describe(e), e.getSQLState());
    if (SqlStates.isTransient(e)) {
      return new ApplyFailure(what, true, sanitized);
    }
    if (SqlStates.isConstraintViolation(e)) {
      what +=
          ". The table holds rows that the source's snapshot does not: something other than"
              + " pgcarry wrote to it during the full load. Stop that writer, then load the table"
              + " again from a new snapshot (pgcarry cleanup, then pgcarry migrate)";
    } else if (SqlStates.is(e, SqlStates.INSUFFICIENT_PRIVILEGE)) {
      what +=
          ". The sink's role must own the table (or be a member of its owner's role) to add its"
              + " keys";
    }
    return new ApplyFailure(what, false, sanitized);
  }

  /** Stops the builds under way: their transactions roll back, and their rows wait for a task. */
  @Override
  public void close() {
    pool.shutdownNow();
    for (Statement statement : statements.values()) {
      try {
        statement.cancel();
      } catch (SQLException e) {
        LOG.debug("Cancelling a key build failed", e);
      }
    }
  }
}
