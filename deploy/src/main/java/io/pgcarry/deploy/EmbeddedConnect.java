package io.pgcarry.deploy;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Connect worker in distributed mode running inside this JVM, with its REST API on
 * localhost. Its configuration, offsets and status live in Kafka topics, so connectors and their
 * positions survive a restart. pgcarry's connectors are found on the class path.
 *
 * <p>Kafka has no public API to run a worker inside a JVM: {@link ConnectDistributed} and {@link
 * Connect} are what {@code connect-distributed.sh} runs, internal to connect-runtime. They are used
 * for starting and stopping the worker only; everything else goes through the worker's REST API.
 */
public final class EmbeddedConnect implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedConnect.class);

  private final Connect<?> connect;
  private final URI restUrl;

  private EmbeddedConnect(Connect<?> connect, URI restUrl) {
    this.connect = connect;
    this.restUrl = restUrl;
  }

  /**
   * Starts a worker.
   *
   * @param bootstrapServers the Kafka cluster holding the worker's topics
   * @param groupId the worker group, which also names its internal topics
   * @param restPort the REST port on 127.0.0.1
   * @param overrides extra worker settings, applied last
   */
  public static EmbeddedConnect start(
      String bootstrapServers, String groupId, int restPort, Map<String, String> overrides) {
    Map<String, String> props = workerConfig(bootstrapServers, groupId, restPort);
    props.putAll(overrides);
    Connect<?> connect = new ConnectDistributed().startConnect(props);
    URI url = URI.create("http://127.0.0.1:" + restPort + "/");
    LOG.info("Kafka Connect worker REST API at {}", url);
    return new EmbeddedConnect(connect, url);
  }

  /** The worker settings pgcarry uses for an embedded worker. */
  static Map<String, String> workerConfig(String bootstrapServers, String groupId, int restPort) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("group.id", groupId);
    props.put("config.storage.topic", groupId + "-configs");
    props.put("offset.storage.topic", groupId + "-offsets");
    props.put("status.storage.topic", groupId + "-status");
    props.put("config.storage.replication.factor", "1");
    props.put("offset.storage.replication.factor", "1");
    props.put("status.storage.replication.factor", "1");
    props.put("offset.storage.partitions", "1");
    props.put("status.storage.partitions", "1");
    props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    props.put("key.converter.schemas.enable", "true");
    props.put("value.converter.schemas.enable", "true");
    props.put("listeners", "http://127.0.0.1:" + restPort);
    // Connectors are on the class path and declare themselves through ServiceLoader manifests.
    props.put("plugin.discovery", "service_load");
    // Source offsets reach the slot only after they are committed; commit them often.
    props.put("offset.flush.interval.ms", "1000");
    props.put("scheduled.rebalance.max.delay.ms", "0");
    props.put("topic.creation.enable", "true");
    props.put("producer.max.request.size", "16777216");
    props.put("producer.linger.ms", "5");
    props.put("consumer.max.partition.fetch.bytes", "16777216");
    // Sinks subscribe by pattern; let them see newly created change topics within seconds.
    props.put("consumer.metadata.max.age.ms", "2000");
    // After a crash, the dead sink consumer holds its partitions until its session expires.
    props.put("consumer.session.timeout.ms", "10000");
    props.put("consumer.heartbeat.interval.ms", "2000");
    return props;
  }

  /** Base URL of the worker's REST API. */
  public URI restUrl() {
    return restUrl;
  }

  @Override
  public void close() {
    connect.stop();
    connect.awaitStop();
  }
}
