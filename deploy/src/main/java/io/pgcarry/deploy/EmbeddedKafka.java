package io.pgcarry.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in KRaft combined mode (broker and controller in one), running inside
 * this JVM with its log in a work directory. The directory is formatted on first start and reused
 * afterwards, so topics and committed offsets survive a restart of the process.
 *
 * <p>Kafka has no public API to run a broker inside a JVM: {@code KafkaRaftServer} and {@code
 * KafkaConfig} are the broker that {@code kafka-server-start.sh} runs, and {@link Formatter} is
 * what {@code kafka-storage.sh format} runs. They are internal and may change with Kafka's version,
 * which the parent pom pins together with Debezium's. Clients of the broker use the public API
 * only.
 *
 * <p>Not thread-safe; start and stop it from one thread.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Formats the directory when it is new and starts the broker.
   *
   * @param dir the broker's log directory
   * @param brokerPort the client port
   * @param controllerPort the KRaft controller port
   */
  public static EmbeddedKafka start(Path dir, int brokerPort, int controllerPort) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", dir.toAbsolutePath().toString());
    props.put("num.partitions", "1");
    props.put("auto.create.topics.enable", "true");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "5");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("message.max.bytes", "16777216");
    // A change must not age out of a topic before the sink applied it.
    props.put("log.retention.ms", "-1");
    KafkaConfig config = new KafkaConfig(props, false);
    try {
      format(dir, config);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot format the Kafka log directory " + dir, e);
    }
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    String bootstrap = "127.0.0.1:" + brokerPort;
    LOG.info("Kafka broker listening on {}, log in {}", bootstrap, dir);
    return new EmbeddedKafka(server, bootstrap);
  }

  private static void format(Path dir, KafkaConfig config) throws Exception {
    if (Files.exists(dir.resolve("meta.properties"))) {
      return;
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    new Formatter()
        .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
        .setNodeId(1)
        .setClusterId(Uuid.randomUuid().toString())
        .setDirectories(java.util.List.of(dir.toAbsolutePath().toString()))
        .setMetadataLogDirectory(dir.toAbsolutePath().toString())
        .setReleaseVersion(MetadataVersion.latestProduction())
        .setControllerListenerName("CONTROLLER")
        .run();
    LOG.debug("Formatted {} with {}", dir, Map.of("node.id", 1));
  }

  /** The {@code bootstrap.servers} value for clients of this broker. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
