package io.pgcarry.migrate.fallback;

import io.pgcarry.common.Connections;
import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.migrate.DdlOptions;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.migrate.SchemaWork;
import io.pgcarry.migrate.cleanup.AccountLeftovers;
import io.pgcarry.migrate.cleanup.MigrationCleanup;
import io.pgcarry.migrate.connectors.ConnectorSecrets;
import io.pgcarry.migrate.connectors.MigrationRuntime;
import io.pgcarry.migrate.probes.Lag;
import io.pgcarry.migrate.probes.WalThresholds;
import io.pgcarry.migrate.state.WorkDir;
import io.pgcarry.migrate.steps.DatabaseMigration;
import io.pgcarry.migrate.steps.FinalSync;
import io.pgcarry.migrate.steps.PositionGate;
import io.pgcarry.schema.catalog.SourceTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The way back after a cutover with {@code --fallback}: for each database of the run, the new
 * server (the forward target) streams to the old one (the forward source) through a pair of
 * connectors of its own, its source connector reading the slot {@link FallbackSetup} created at
 * cutover ({@code snapshot.format=none}), its sink keeping its positions in the old database. It
 * ends in one of two ways: {@link #fallBack} once the old server has every change (then the
 * sequences go back too), or {@link #finish} to keep the new server; both drop the slot and the
 * publication on the new server and pgcarry's positions on the old one. Not thread-safe.
 */
public final class ReverseReplication implements AutoCloseable {

  /** One database's way back: the migration reversed, its probes and connectors, its tables. */
  private record Direction(
      MigrationSpec forward, DatabaseMigration reverse, List<SourceTable> tables) {}

  private final List<Direction> directions;
  private final ConnectorSecrets secrets;

  private ReverseReplication(List<Direction> directions, ConnectorSecrets secrets) {
    this.directions = List.copyOf(directions);
    this.secrets = secrets;
  }

  /**
   * Opens the way back of each database that streamed; nothing is deployed yet.
   *
   * @param forward the run's databases
   * @param schema the schema work of a migration (unused by the way back but for its probes)
   * @param logs where a connector's failure is explained
   * @param ddl the run's DDL options: with capture, the way back carries the new server's DDL
   *     ({@link FallbackSetup#reverseCapture})
   */
  public static ReverseReplication open(
      List<DatabaseMigration> forward,
      MigrationRuntime runtime,
      WorkDir workDir,
      Function<MigrationSpec, SchemaWork> schema,
      WalThresholds wal,
      String logs,
      DdlOptions ddl)
      throws SQLException {
    ConnectorSecrets secrets = new ConnectorSecrets(workDir.fallbackSecretsFile(), true);
    List<Direction> directions = new ArrayList<>();
    for (DatabaseMigration database : forward) {
      if (database.tables().isEmpty()) {
        continue;
      }
      MigrationSpec reverse = FallbackSetup.reverse(database.spec());
      Set<TableId> selected = new HashSet<>();
      database.tables().forEach(table -> selected.add(table.id()));
      List<SourceTable> tables;
      try (Connection newServer = Connections.open(reverse.source(), "target")) {
        tables = SourceTable.list(newServer, selected::contains);
      }
      directions.add(
          new Direction(
              database.spec(),
              DatabaseMigration.open(
                  reverse,
                  schema.apply(reverse),
                  List.of(),
                  database.label(),
                  Map.of(),
                  runtime,
                  secrets,
                  wal,
                  logs,
                  ddl.capture()
                      ? Optional.of(FallbackSetup.reverseCapture(database.spec(), ddl))
                      : Optional.empty(),
                  0),
              tables));
    }
    return new ReverseReplication(directions, secrets);
  }

  /** The reverse migrations, for the progress monitor. */
  public List<DatabaseMigration> databases() {
    return directions.stream().map(Direction::reverse).toList();
  }

  /**
   * Writes the reverse connectors' secrets and deploys them, or puts their configurations back.
   *
   * @return what was started, one line per database
   */
  public List<String> start() {
    secrets.write(
        "fallback", directions.stream().map(direction -> direction.reverse().spec()).toList());
    List<String> started = new ArrayList<>();
    for (Direction direction : directions) {
      direction.reverse().connectors().deployFromSlot(direction.tables());
      MigrationSpec spec = direction.reverse().spec();
      started.add(
          direction.reverse().label()
              + "the way back streams: "
              + spec.source()
              + " -> "
              + spec.target()
              + " from slot "
              + spec.slotName()
              + " ("
              + direction.tables().size()
              + " tables)");
    }
    return started;
  }

  /**
   * Brings the old servers up to every change committed on the new ones before the call, then ends
   * the way back and copies the sequence values back.
   *
   * @param gate the deadline and where to report what it waits for
   * @param positions receives the new server's position noted for each database
   * @return what was done, one line each
   * @throws IllegalStateException when the deadline passed: the way back still runs
   */
  public List<String> fallBack(PositionGate gate, Map<String, Lsn> positions) throws Exception {
    List<String> steps = new ArrayList<>();
    Map<Direction, Lsn> noted = new LinkedHashMap<>();
    for (Direction direction : directions) {
      MigrationSpec spec = direction.reverse().spec();
      noted.put(direction, PositionGate.note(spec.source(), "target", "fallback"));
      positions.put(spec.name(), noted.get(direction));
      steps.add(label(direction) + "new server position noted: " + noted.get(direction));
    }
    for (Map.Entry<Direction, Lsn> entry : noted.entrySet()) {
      MigrationSpec spec = entry.getKey().reverse().spec();
      Instant start = Instant.now();
      gate.awaitSlot(spec.source(), "target", spec.slotName(), spec.name(), entry.getValue());
      steps.add(
          label(entry.getKey())
              + timed(
                  "reverse source connector confirmed the slot up to " + entry.getValue(), start));
    }
    Instant start = Instant.now();
    int partitions = gate.awaitSinks(this::lag);
    steps.add(timed("old server applied every change (" + partitions + " partitions)", start));
    steps.addAll(end());
    for (Direction direction : directions) {
      MigrationSpec spec = direction.reverse().spec();
      start = Instant.now();
      try (Connection newServer = Connections.open(spec.source(), "target");
          Connection old = Connections.open(spec.target(), "source")) {
        int copied = FinalSync.copySequences(newServer, old, NameMapping.IDENTITY);
        steps.add(label(direction) + timed(copied + " sequence values copied back", start));
      }
    }
    return steps;
  }

  /**
   * Ends the way back and keeps the new server: connectors deleted, slot and publication dropped on
   * the new server, pgcarry's positions removed from the old one. Idempotent.
   *
   * @return what was done, one line each
   */
  public List<String> finish() throws Exception {
    return end();
  }

  /**
   * What is left for the operator: what to point the application at (the old servers after a
   * fallback, else the new ones); when the new server stays, the statements that remove what the
   * old server's account leaves behind, as after a cutover.
   */
  public List<String> followUp(boolean back) {
    List<String> lines = new ArrayList<>();
    for (Direction direction : directions) {
      lines.add(
          "point the application at "
              + (back ? direction.forward().source() : direction.forward().target())
              + (back ? " (the old server)" : " (the new server)"));
    }
    if (!back && !directions.isEmpty()) {
      List<String> leftovers = AccountLeftovers.of(directions.get(0).forward());
      if (!leftovers.isEmpty()) {
        lines.add("afterwards, on the old server:");
        leftovers.forEach(line -> lines.add("  " + line));
      }
    }
    return lines;
  }

  private List<String> end() throws Exception {
    List<String> steps = new ArrayList<>();
    for (Direction direction : directions) {
      MigrationSpec spec = direction.reverse().spec();
      Instant start = Instant.now();
      direction.reverse().connectors().delete();
      MigrationCleanup cleanup = new MigrationCleanup(spec.migrationName(), spec.positionTable());
      MigrationCleanup.Ended ended;
      try (Connection newServer = Connections.open(spec.source(), "target")) {
        ended = cleanup.endReplication(newServer);
      }
      steps.add(
          label(direction)
              + timed(
                  "reverse connectors deleted, slot "
                      + spec.slotName()
                      + (ended.slotDropped() ? " dropped" : " was gone")
                      + " on the new server; "
                      + ended.publication(),
                  start));
      start = Instant.now();
      try (Connection old = Connections.open(spec.target(), "source")) {
        try (Statement statement = old.createStatement()) {
          // Dropping the position table waits for any session still reading it; not forever.
          statement.execute("SET lock_timeout = '60s'");
        }
        steps.add(
            label(direction)
                + timed(
                    cleanup.forgetPositions(old).replace("the target", "the old server"), start));
      }
    }
    secrets.delete();
    return steps;
  }

  private Lag lag() throws SQLException {
    List<Lag> lags = new ArrayList<>();
    for (Direction direction : directions) {
      lags.add(direction.reverse().lag().measure());
    }
    return Lag.combine(lags);
  }

  private static String label(Direction direction) {
    return direction.reverse().label();
  }

  private static String timed(String step, Instant start) {
    return step + " (" + Duration.between(start, Instant.now()).toMillis() + " ms)";
  }

  @Override
  public void close() {
    directions.forEach(direction -> direction.reverse().close());
  }
}
