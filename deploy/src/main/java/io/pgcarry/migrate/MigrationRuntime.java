package io.pgcarry.migrate;

import io.pgcarry.deploy.ConnectClient;
import io.pgcarry.deploy.ConnectCluster;
import io.pgcarry.deploy.EmbeddedRuntime;
import java.util.function.Consumer;

/**
 * What the steps from the full load on run against: the Connect cluster (the embedded runtime, or
 * the one named by {@code --connect-url}), its REST client, the lag probe, and a connection to the
 * target. The runtime starts while the schema steps run, before the target database may exist, so
 * the target connection opens on first use. {@link #close()} stops what this process started. Not
 * thread-safe.
 */
final class MigrationRuntime implements AutoCloseable {

  private final ConnectCluster cluster;
  private final ConnectClient connect;
  private final LagProbe lag;
  private final ConnectorSecrets secrets;
  private final TargetSession target;
  private final OutageProbe outages;

  private MigrationRuntime(
      ConnectCluster cluster,
      ConnectClient connect,
      LagProbe lag,
      ConnectorSecrets secrets,
      TargetSession target,
      OutageProbe outages) {
    this.cluster = cluster;
    this.connect = connect;
    this.lag = lag;
    this.secrets = secrets;
    this.target = target;
    this.outages = outages;
  }

  /** Starts the embedded runtime unless the spec names a cluster, and connects to it. */
  static MigrationRuntime start(MigrationSpec spec, WorkDir workDir, Consumer<String> progress) {
    ConnectorSecrets secrets = secrets(spec, workDir);
    ConnectCluster cluster = cluster(spec, workDir, progress);
    LagProbe lag = null;
    try {
      lag = new LagProbe(spec, cluster.bootstrapServers());
      TargetSession target = new TargetSession(spec.target());
      return new MigrationRuntime(
          cluster,
          new ConnectClient(cluster.connectUrls()),
          lag,
          secrets,
          target,
          new OutageProbe(spec, target));
    } catch (RuntimeException e) {
      if (lag != null) {
        lag.close();
      }
      cluster.close();
      throw e;
    }
  }

  /**
   * Where the connectors read their secrets: the file the team put on the workers of its cluster,
   * or a file in the work directory, written now, for the embedded worker.
   */
  private static ConnectorSecrets secrets(MigrationSpec spec, WorkDir workDir) {
    if (spec.connectUrl().isPresent()) {
      return new ConnectorSecrets(
          spec.workerSecrets()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--connect-url needs --worker-secrets: the path, on the Connect"
                              + " workers, of the properties file holding "
                              + ConnectorSecrets.SOURCE_PASSWORD
                              + " and "
                              + ConnectorSecrets.TARGET_URI)));
    }
    ConnectorSecrets secrets = new ConnectorSecrets(workDir.secretsFile());
    secrets.write(spec);
    return secrets;
  }

  private static ConnectCluster cluster(
      MigrationSpec spec, WorkDir workDir, Consumer<String> progress) {
    if (spec.connectUrl().isPresent()) {
      String bootstrap =
          spec.bootstrapServers()
              .orElseThrow(
                  () -> new IllegalArgumentException("--connect-url needs --bootstrap-servers"));
      return ConnectCluster.external(bootstrap, spec.connectUrls());
    }
    progress.accept("starting the embedded Kafka broker and Connect worker");
    return EmbeddedRuntime.start(
        workDir.runtimeDir(), ConnectorSecrets.workerConfig(workDir.secretsFile().getParent()));
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  ConnectClient connect() {
    return connect;
  }

  LagProbe lag() {
    return lag;
  }

  /** The target session, connected on first use (pre-data may create the database). */
  TargetSession target() {
    return target;
  }

  OutageProbe outages() {
    return outages;
  }

  ConnectorSecrets secrets() {
    return secrets;
  }

  /** The Connect worker's REST URL and the Kafka cluster, for operators' own tools. */
  ConnectCluster cluster() {
    return cluster;
  }

  @Override
  public void close() {
    outages.close();
    target.close();
    lag.close();
    cluster.close();
  }
}
