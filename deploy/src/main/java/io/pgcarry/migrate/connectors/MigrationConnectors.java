package io.pgcarry.migrate.connectors;

import io.pgcarry.deploy.ConnectClient;
import io.pgcarry.migrate.DdlCapture;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.schema.catalog.SourceTable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The source and sink connectors of one migration on a Connect cluster: deployed with their
 * configurations ({@link ConnectorConfigs}), watched for failures, deleted at cutover. Not
 * thread-safe.
 */
public final class MigrationConnectors {

  /** How long Connect is given to restart a failed task whose configuration changed. */
  private static final Duration OWN_RESTART = Duration.ofSeconds(5);

  /** How long a run waits for a connector that had failed to run again. */
  private static final Duration RESTART_WAIT = Duration.ofSeconds(30);

  private static final Duration RESTART_POLL = Duration.ofMillis(200);

  private final MigrationSpec spec;
  private final ConnectClient connect;
  private final ConnectorSecrets secrets;
  private final String logs;
  private final Optional<DdlCapture> capture;
  private final long snapshotBytesPerSecond;

  /**
   * @param secrets where the workers read the connectors' secrets
   * @param logs where the worker's log is, named in failure messages
   * @param capture the DDL capture whose messages the connectors carry and apply, when the run
   *     captures DDL
   * @param snapshotBytesPerSecond the full load's read rate, 0 for no limit
   */
  public MigrationConnectors(
      MigrationSpec spec,
      ConnectClient connect,
      ConnectorSecrets secrets,
      String logs,
      Optional<DdlCapture> capture,
      long snapshotBytesPerSecond) {
    this.capture = capture;
    this.snapshotBytesPerSecond = snapshotBytesPerSecond;
    this.spec = spec;
    this.connect = connect;
    this.secrets = secrets;
    this.logs = logs;
  }

  /**
   * Creates both connectors, or puts their configurations back when they exist; their secrets are
   * references that the workers resolve, never the passwords themselves. The source first: each
   * creation costs a rebalance of the worker's group, and the source's task has the slot to create
   * and the first chunks to read before the sink's has anything to apply (the sink reads the topics
   * from their start whenever it joins).
   */
  public void deploy(List<SourceTable> tables) {
    Map<String, String> sink = ConnectorConfigs.sink(spec);
    Map<String, String> source = ConnectorConfigs.source(spec, tables);
    if (snapshotBytesPerSecond > 0) {
      source.put("snapshot.max.bytes.per.second", Long.toString(snapshotBytesPerSecond));
    }
    putBoth(source, sink);
  }

  /**
   * Creates both connectors, the source one streaming from the slot and publication that exist
   * already ({@code snapshot.format=none}): no row is read, every change committed after the slot's
   * consistent point is. Puts their configurations back when they exist.
   */
  public void deployFromSlot(List<SourceTable> tables) {
    Map<String, String> source = ConnectorConfigs.source(spec, tables);
    source.put("snapshot.format", "none");
    putBoth(source, ConnectorConfigs.sink(spec));
  }

  /**
   * Puts both configurations, with the DDL capture's settings when there is one, the source first:
   * each creation costs a rebalance of the worker's group, and the source's task has the slot to
   * create and the first chunks to read before the sink's has anything to apply (the sink reads the
   * topics from their start whenever it joins).
   */
  private void putBoth(Map<String, String> source, Map<String, String> sink) {
    if (capture.isPresent()) {
      source.put("ddl.capture", "true");
      sink.put("ddl.skip", String.join(",", capture.get().skip()));
    }
    List<String> failed =
        Stream.of(spec.sourceConnectorName(), spec.sinkConnectorName())
            .filter(
                name ->
                    connect
                        .status(name)
                        .flatMap(ConnectClient.ConnectorStatus::failure)
                        .isPresent())
            .toList();
    connect.put(spec.sourceConnectorName(), secrets.externalize(spec, source));
    connect.put(spec.sinkConnectorName(), secrets.externalize(spec, sink));
    for (String name : failed) {
      restartFailed(name);
    }
  }

  /**
   * Runs again a connector that had failed when this run began (a run resumed after the sink
   * stopped on a command to skip, say), so that its status no longer shows the earlier run's
   * failure. Connect restarts a task whose configuration the new one changed, on its own, a
   * rebalance later; one that has not run again after {@link #OWN_RESTART} (its configuration the
   * same) is restarted here. Waits until no failure shows, or until {@link #RESTART_WAIT} has
   * passed: a connector that fails again is then reported by {@link #requireHealthy} as any other.
   */
  private void restartFailed(String name) {
    long start = System.nanoTime();
    boolean restarted = false;
    while (connect.status(name).flatMap(ConnectClient.ConnectorStatus::failure).isPresent()) {
      long waited = System.nanoTime() - start;
      if (waited > RESTART_WAIT.toNanos()) {
        return;
      }
      if (!restarted && waited > OWN_RESTART.toNanos()) {
        connect.restartFailed(name);
        restarted = true;
      }
      try {
        Thread.sleep(RESTART_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Fails when a connector or one of its tasks failed.
   *
   * @throws IllegalStateException naming the connector and the first cause of its failure
   */
  public void requireHealthy() {
    Optional<String> failure = failure();
    if (failure.isPresent()) {
      throw new IllegalStateException(
          "a connector of migration "
              + spec.name()
              + " failed: "
              + failure.get()
              + " (details in "
              + logs
              + "; run migrate again to resume)");
    }
  }

  /** Deletes both connectors; a missing one is not an error. */
  public void delete() {
    connect.delete(spec.sourceConnectorName());
    connect.delete(spec.sinkConnectorName());
  }

  private Optional<String> failure() {
    for (String name : List.of(spec.sourceConnectorName(), spec.sinkConnectorName())) {
      Optional<String> failed =
          connect.status(name).flatMap(ConnectClient.ConnectorStatus::failure);
      if (failed.isPresent()) {
        return Optional.of(name + ": " + headline(failed.get()));
      }
    }
    return Optional.empty();
  }

  /** The most telling line of a Java stack trace: the first cause, else the first line. */
  static String headline(String trace) {
    List<String> lines = trace.lines().toList();
    return lines.stream()
        .filter(line -> line.startsWith("Caused by: "))
        .map(line -> line.substring("Caused by: ".length()))
        .findFirst()
        .orElse(lines.isEmpty() ? "failed" : lines.get(0));
  }
}
