package io.pgcarry.migrate;

import io.pgcarry.deploy.ConnectClient;
import io.pgcarry.deploy.ConnectCluster;
import io.pgcarry.deploy.EmbeddedRuntime;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the steps from the full load on run against: the Connect cluster (the embedded runtime, or
 * the one named by {@code --connect-url}) and its REST client, shared by every database of a run.
 * {@link #close()} stops what this process started. Not thread-safe.
 */
final class MigrationRuntime implements AutoCloseable {

  private final ConnectCluster cluster;
  private final ConnectClient connect;

  private MigrationRuntime(ConnectCluster cluster, ConnectClient connect) {
    this.cluster = cluster;
    this.connect = connect;
  }

  /** Starts the embedded runtime unless the spec names a cluster, and connects to it. */
  static MigrationRuntime start(MigrationSpec spec, WorkDir workDir, Consumer<String> progress) {
    ConnectCluster cluster = cluster(spec, workDir, progress);
    try {
      return new MigrationRuntime(cluster, new ConnectClient(cluster.connectUrl()));
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private static ConnectCluster cluster(
      MigrationSpec spec, WorkDir workDir, Consumer<String> progress) {
    if (spec.connectUrl().isPresent()) {
      String bootstrap =
          spec.bootstrapServers()
              .orElseThrow(
                  () -> new IllegalArgumentException("--connect-url needs --bootstrap-servers"));
      return ConnectCluster.external(bootstrap, spec.connectUrl().get());
    }
    progress.accept("starting the embedded Kafka broker and Connect worker");
    return EmbeddedRuntime.start(workDir.runtimeDir(), Map.of());
  }

  ConnectClient connect() {
    return connect;
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public void close() {
    cluster.close();
  }
}
