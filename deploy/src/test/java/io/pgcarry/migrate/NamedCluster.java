package io.pgcarry.migrate;

import io.pgcarry.deploy.EmbeddedRuntime;
import io.pgcarry.migrate.connectors.ConnectorSecrets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A broker and Connect worker started in the test JVM that {@link CliMigration}s reach with
 * --connect-url, as a team's cluster would be, and the directory of the secrets files the worker
 * reads, as a team puts them on its workers. One per test class.
 *
 * @param runtime the broker and worker
 * @param secretsDir where each migration's secrets file goes
 */
record NamedCluster(EmbeddedRuntime runtime, Path secretsDir) implements AutoCloseable {

  /** Starts a broker and worker in a new temporary directory named after {@code prefix}. */
  static NamedCluster start(String prefix) throws Exception {
    Path dir = Files.createTempDirectory(prefix);
    Path secretsDir = Files.createDirectories(dir.resolve("secrets"));
    return new NamedCluster(
        EmbeddedRuntime.start(dir, ConnectorSecrets.workerConfig(secretsDir)), secretsDir);
  }

  @Override
  public void close() {
    runtime.close();
  }
}
