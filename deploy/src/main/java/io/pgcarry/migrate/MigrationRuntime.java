package io.pgcarry.migrate;

import io.pgcarry.deploy.ConnectClient;
import io.pgcarry.deploy.ConnectCluster;
import io.pgcarry.deploy.EmbeddedRuntime;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the steps from the full load on run against: the Connect cluster (the embedded runtime, or
 * the one named by {@code --connect-url}), its REST client, the lag probe, and a connection to the
 * target. {@link #close()} stops what this process started. Not thread-safe.
 */
final class MigrationRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationRuntime.class);

  private final ConnectCluster cluster;
  private final ConnectClient connect;
  private final LagProbe lag;
  private final TargetSession target;
  private final OutageProbe outages;

  private MigrationRuntime(
      ConnectCluster cluster,
      ConnectClient connect,
      LagProbe lag,
      TargetSession target,
      OutageProbe outages) {
    this.cluster = cluster;
    this.connect = connect;
    this.lag = lag;
    this.target = target;
    this.outages = outages;
  }

  /** Starts the embedded runtime unless the spec names a cluster, and connects to it. */
  static MigrationRuntime start(MigrationSpec spec, WorkDir workDir, Consumer<String> progress)
      throws SQLException {
    ConnectCluster cluster = cluster(spec, workDir, progress);
    LagProbe lag = null;
    try {
      lag = new LagProbe(spec, cluster.bootstrapServers());
      TargetSession target = new TargetSession(spec.target());
      target.get();
      return new MigrationRuntime(
          cluster,
          new ConnectClient(cluster.connectUrl()),
          lag,
          target,
          new OutageProbe(spec, target));
    } catch (SQLException | RuntimeException e) {
      if (lag != null) {
        lag.close();
      }
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

  LagProbe lag() {
    return lag;
  }

  TargetSession target() {
    return target;
  }

  OutageProbe outages() {
    return outages;
  }

  @Override
  public void close() {
    outages.close();
    target.close();
    lag.close();
    cluster.close();
  }
}
