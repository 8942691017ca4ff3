package io.pgcarry.migrate.connectors;

import io.pgcarry.deploy.ConnectClient;
import io.pgcarry.deploy.ConnectCluster;
import io.pgcarry.deploy.EmbeddedRuntime;
import io.pgcarry.migrate.MigrationRun;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.migrate.RunSettings;
import io.pgcarry.migrate.state.WorkDir;
import io.pgcarry.migrate.steps.DatabaseMigration;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * What the steps from the full load on run against, shared by every database of a run: the Connect
 * cluster (the embedded runtime, or the one named by {@code --connect-url}), its REST client, and
 * where the connectors read their secrets. The runtime starts while the schema steps run, before a
 * target database may exist, so nothing here connects to a target: each database's {@link
 * DatabaseMigration} opens its target session on first use. {@link #close()} stops what this
 * process started. Not thread-safe.
 */
public final class MigrationRuntime implements AutoCloseable {

  private final RunSettings settings;
  private final ConnectCluster cluster;
  private final ConnectClient connect;
  private final ConnectorSecrets secrets;

  private MigrationRuntime(
      RunSettings settings,
      ConnectCluster cluster,
      ConnectClient connect,
      ConnectorSecrets secrets) {
    this.settings = settings;
    this.cluster = cluster;
    this.connect = connect;
    this.secrets = secrets;
  }

  /** Starts the embedded runtime unless the run names a cluster, and connects to it. */
  public static MigrationRuntime start(
      MigrationRun run, WorkDir workDir, Consumer<String> progress) {
    ConnectorSecrets secrets = secrets(run, workDir);
    ConnectCluster cluster = cluster(run.settings(), workDir, progress);
    try {
      return new MigrationRuntime(
          run.settings(), cluster, new ConnectClient(cluster.connectUrls()), secrets);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Where the connectors read their secrets: the file the team put on the workers of its cluster,
   * or a file in the work directory, written now, for the embedded worker. A run over several
   * databases reads each database's secrets under keys of its own.
   */
  private static ConnectorSecrets secrets(MigrationRun run, WorkDir workDir) {
    MigrationSpec spec = run.databases().get(0);
    boolean perDatabase = run.severalDatabases();
    if (run.settings().connectUrl().isPresent()) {
      ConnectorSecrets keys = new ConnectorSecrets(workDir.secretsFile(), perDatabase);
      return new ConnectorSecrets(
          run.settings()
              .workerSecrets()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--connect-url needs --worker-secrets: the path, on the Connect"
                              + " workers, of the properties file holding "
                              + keys.key(spec, ConnectorSecrets.SOURCE_PASSWORD)
                              + " and "
                              + keys.key(spec, ConnectorSecrets.TARGET_URI)
                              + (perDatabase ? " for each database" : ""))),
          perDatabase);
    }
    ConnectorSecrets secrets = new ConnectorSecrets(workDir.secretsFile(), perDatabase);
    secrets.write(run.name(), run.databases());
    return secrets;
  }

  private static ConnectCluster cluster(
      RunSettings settings, WorkDir workDir, Consumer<String> progress) {
    if (settings.connectUrl().isPresent()) {
      String bootstrap =
          settings
              .bootstrapServers()
              .orElseThrow(
                  () -> new IllegalArgumentException("--connect-url needs --bootstrap-servers"));
      return ConnectCluster.external(bootstrap, settings.connectUrls());
    }
    progress.accept("starting the embedded Kafka broker and Connect worker");
    return EmbeddedRuntime.start(
        workDir.runtimeDir(), ConnectorSecrets.workerConfig(workDir.secretsFile().getParent()));
  }

  /** The settings of pgcarry's own Kafka client of the cluster ({@code --kafka-config}). */
  public Properties kafkaClient() {
    return settings.kafkaClient(cluster.bootstrapServers());
  }

  public ConnectClient connect() {
    return connect;
  }

  public ConnectorSecrets secrets() {
    return secrets;
  }

  /** The Connect worker's REST URL and the Kafka cluster, for operators' own tools. */
  public ConnectCluster cluster() {
    return cluster;
  }

  @Override
  public void close() {
    cluster.close();
  }
}
