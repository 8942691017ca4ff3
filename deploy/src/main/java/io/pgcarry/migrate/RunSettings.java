package io.pgcarry.migrate;

import io.pgcarry.migrate.connectors.ConnectorSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Where a run of {@code pgcarry migrate} works, the same for every database it moves: its work
 * directory and the Kafka and Connect cluster its connectors run on. Immutable.
 *
 * @param workDir the root of the work directories: state, status and the embedded runtime's data
 * @param connectUrls the REST URLs of an external Connect cluster's workers, tried in turn when one
 *     does not answer; empty runs the embedded runtime
 * @param bootstrapServers an external Kafka cluster; required with {@code connectUrls}
 * @param workerSecrets with {@code connectUrls}: the path, on the Connect workers, of the
 *     properties file holding the connectors' secrets ({@link ConnectorSecrets}); empty with the
 *     embedded runtime, where pgcarry writes that file in the work directory
 * @param kafkaConfig with {@code connectUrls}: a properties file of Kafka client settings ({@code
 *     security.protocol}, {@code ssl.*}, {@code sasl.*}) for pgcarry's own client of the cluster,
 *     which creates the change topics and reads their end offsets; empty for a plain listener
 */
public record RunSettings(
    Path workDir,
    List<URI> connectUrls,
    Optional<String> bootstrapServers,
    Optional<Path> workerSecrets,
    Optional<Path> kafkaConfig) {

  public RunSettings {
    connectUrls = List.copyOf(connectUrls);
  }

  /** A run on the embedded runtime, in {@code workDir}. */
  public static RunSettings embedded(Path workDir) {
    return new RunSettings(
        workDir, List.of(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The first Connect worker named, or empty with the embedded runtime. */
  public Optional<URI> connectUrl() {
    return connectUrls.stream().findFirst();
  }

  /**
   * The settings of pgcarry's own Kafka client of the cluster at {@code bootstrapServers}: those of
   * {@code kafkaConfig}, if any.
   *
   * @throws UncheckedIOException when {@code kafkaConfig} cannot be read
   */
  public Properties kafkaClient(String bootstrapServers) {
    Properties props = new Properties();
    if (kafkaConfig.isPresent()) {
      Path file = kafkaConfig.get();
      try (InputStream in = Files.newInputStream(file)) {
        props.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot read the Kafka client settings "
                + file
                + " (--kafka-config): "
                + e.getMessage(),
            e);
      }
    }
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return props;
  }
}
