package io.pgcarry.migrate.steps;

import io.pgcarry.common.ConnectionFailure;
import io.pgcarry.deploy.ConnectClient;
import io.pgcarry.migrate.MigrationRun;
import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.connectors.ChangeTopics;
import io.pgcarry.migrate.connectors.MigrationRuntime;
import io.pgcarry.migrate.probes.KeysToBuild;
import io.pgcarry.migrate.probes.Lag;
import io.pgcarry.migrate.probes.ProgressMonitor;
import io.pgcarry.migrate.state.StateStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Deploys the connectors of every database and waits until the sinks have applied the whole full
 * load: once a database's source connector offset says every table's rows were sent, the end
 * offsets of its change topics are noted (the snapshot marks, kept in the state so a restart waits
 * for the same marks), and the step ends when the sinks have applied up to every database's marks
 * and built every table's keys that pre-data left for after the rows.
 *
 * <p>A run without streaming ends replication here, as soon as the load is on the target: the
 * connectors are deleted and the slots and publications dropped, so the source keeps no WAL for the
 * run.
 */
public final class FullLoadStep implements MigrationStep {

  private static final Duration TICK = Duration.ofSeconds(1);

  /**
   * How often, once every snapshot's end is known, the step looks whether the sinks reached it:
   * only the positions against the noted offsets, so that the step ends within this of the load.
   */
  private static final Duration END_CHECK = Duration.ofMillis(100);

  private final MigrationRun run;
  private final List<DatabaseMigration> databases;
  private final ConnectClient connect;
  private final ProgressMonitor monitor;
  private final StateStore store;
  private final Properties kafkaClient;

  public FullLoadStep(
      MigrationRun run,
      List<DatabaseMigration> databases,
      MigrationRuntime runtime,
      ProgressMonitor monitor,
      StateStore store) {
    this.run = run;
    this.databases = List.copyOf(databases);
    this.connect = runtime.connect();
    this.monitor = monitor;
    this.store = store;
    this.kafkaClient = runtime.kafkaClient();
  }

  @Override
  public Step step() {
    return Step.FULL_LOAD;
  }

  @Override
  public String description() {
    int tables = databases.stream().mapToInt(d -> d.tables().size()).sum();
    return "loading " + tables + " tables through Kafka";
  }

  @Override
  public void run() throws Exception {
    createTopics();
    deploy();
    String message = description();
    List<Lag.PartitionLag> marks = store.state().snapshotMarks();
    while (true) {
      String now = message;
      Lag current = monitor.observe(Step.FULL_LOAD, measured -> now);
      List<Lag.PartitionLag> noted = new ArrayList<>(marks);
      for (DatabaseMigration database : loading()) {
        if (!marked(database, noted) && database.fullLoadSent(connect)) {
          List<Lag.PartitionLag> ends = endOffsets(database);
          if (ends.isEmpty()) {
            continue;
          }
          noted.addAll(ends);
          message = "snapshot read; applying the rest of it";
        }
      }
      boolean newlyMarked = noted.size() != marks.size();
      if (newlyMarked) {
        List<Lag.PartitionLag> save = List.copyOf(noted);
        store.update(state -> state.withSnapshotMarks(save));
        marks = save;
      }
      if (!loading().stream().allMatch(d -> marked(d, noted))) {
        Thread.sleep(TICK.toMillis());
      } else if ((!newlyMarked && current.reached(marks)) || reachedWithin(marks, TICK)) {
        break;
      }
    }
    awaitKeys();
    if (!run.streaming()) {
      endReplication();
    }
  }

  /**
   * Waits until the sinks have built every key that pre-data left out (each table's once its rows
   * are in): post-data's foreign keys need them, and a run without streaming deletes the connectors
   * next. Says which tables it waits for; a target out of reach is waited for.
   */
  private void awaitKeys() throws InterruptedException {
    while (true) {
      List<String> tables = new ArrayList<>();
      boolean measured = true;
      for (DatabaseMigration database : loading()) {
        try {
          database.keysToBuild().tables().forEach(t -> tables.add(database.label() + t));
        } catch (SQLException | ConnectionFailure e) {
          measured = false;
        }
      }
      if (measured && tables.isEmpty()) {
        return;
      }
      String message =
          measured ? KeysToBuild.waitingFor(tables) : "waiting to see which keys are left to build";
      monitor.observe(Step.FULL_LOAD, measuredLag -> message);
      Thread.sleep(TICK.toMillis());
    }
  }

  /**
   * Whether the sinks reach the noted snapshot ends within {@code wait}, measured every {@link
   * #END_CHECK}; a target that cannot be measured meanwhile is not reached.
   */
  private boolean reachedWithin(List<Lag.PartitionLag> marks, Duration wait)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      Thread.sleep(END_CHECK.toMillis());
      List<Lag> lags = new ArrayList<>();
      for (DatabaseMigration database : loading()) {
        try {
          lags.add(database.lag().measure());
        } catch (SQLException | ConnectionFailure e) {
          return false;
        }
      }
      if (Lag.combine(lags).reached(marks)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A database's change topics' end offsets now; none while its target cannot be measured, or
   * before its topics have a partition.
   */
  private static List<Lag.PartitionLag> endOffsets(DatabaseMigration database) {
    try {
      return database.lag().measure().partitions();
    } catch (SQLException | ConnectionFailure e) {
      return List.of();
    }
  }

  /**
   * The connectors keep running between the steps; a resumed run puts them back, or, without
   * streaming, makes sure replication has ended.
   */
  @Override
  public void resume() throws Exception {
    if (run.streaming()) {
      deploy();
    } else {
      endReplication();
    }
  }

  /** Every loading database's change topics, before its connectors write to them. */
  private void createTopics() throws InterruptedException {
    for (DatabaseMigration database : loading()) {
      ChangeTopics.create(database.spec(), kafkaClient, database.tables());
    }
  }

  /** The DDL capture first, when the run captures DDL: it must be there before the slot. */
  private void deploy() throws SQLException {
    for (DatabaseMigration database : loading()) {
      database.installCapture();
      database.connectors().deploy(database.tables());
    }
  }

  private void endReplication() throws Exception {
    for (DatabaseMigration database : loading()) {
      monitor.report(Step.FULL_LOAD, database.spec().name() + ": " + database.endReplication());
    }
  }

  /** The databases with tables to load; one without has no connectors. */
  private List<DatabaseMigration> loading() {
    return databases.stream().filter(DatabaseMigration::hasTables).toList();
  }

  private static boolean marked(DatabaseMigration database, List<Lag.PartitionLag> marks) {
    return marks.stream().anyMatch(database::owns);
  }
}
