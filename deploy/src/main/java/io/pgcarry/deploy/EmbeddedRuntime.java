package io.pgcarry.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The runtime pgcarry uses when no cluster is named: a Kafka broker and a Connect worker inside
 * this process, with their data in a work directory. Restarting with the same directory resumes:
 * the same ports when they are free, the same topics, connector configurations and offsets.
 */
public final class EmbeddedRuntime implements ConnectCluster {

  private static final String PORTS_FILE = "ports.properties";

  private final EmbeddedKafka kafka;
  private final EmbeddedConnect connect;

  private EmbeddedRuntime(EmbeddedKafka kafka, EmbeddedConnect connect) {
    this.kafka = kafka;
    this.connect = connect;
  }

  /**
   * Starts a broker and a worker.
   *
   * @param workDir directory for the broker's log and the runtime's port assignments
   * @param workerOverrides extra Connect worker settings
   */
  public static EmbeddedRuntime start(Path workDir, Map<String, String> workerOverrides) {
    Properties ports = ports(workDir);
    EmbeddedKafka kafka =
        EmbeddedKafka.start(
            workDir.resolve("kafka"),
            Integer.parseInt(ports.getProperty("broker")),
            Integer.parseInt(ports.getProperty("controller")));
    try {
      EmbeddedConnect connect =
          EmbeddedConnect.start(
              kafka.bootstrapServers(),
              "pgcarry-connect",
              Integer.parseInt(ports.getProperty("rest")),
              workerOverrides);
      return new EmbeddedRuntime(kafka, connect);
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
  }

  /**
   * The REST URL of the worker that a runtime started in {@code workDir} uses, from the ports it
   * recorded there; empty when no runtime ever started there. For another process, such as the
   * benchmark, to reach a running {@code migrate}'s worker.
   */
  public static Optional<URI> connectUrlIn(Path workDir) {
    Path file = workDir.resolve(PORTS_FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties ports = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      ports.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    return Optional.ofNullable(ports.getProperty("rest"))
        .map(port -> URI.create("http://127.0.0.1:" + port + "/"));
  }

  @Override
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  @Override
  public URI connectUrl() {
    return connect.restUrl();
  }

  @Override
  public void close() {
    connect.close();
    kafka.close();
  }

  /** Ports from the previous run when they are still free, new free ports otherwise. */
  private static Properties ports(Path workDir) {
    try {
      Files.createDirectories(workDir);
      Path file = workDir.resolve(PORTS_FILE);
      Properties previous = new Properties();
      if (Files.exists(file)) {
        try (InputStream in = Files.newInputStream(file)) {
          previous.load(in);
        }
      }
      Properties ports = new Properties();
      for (String name : new String[] {"broker", "controller", "rest"}) {
        String port = previous.getProperty(name);
        ports.setProperty(
            name,
            port != null && isFree(Integer.parseInt(port)) ? port : Integer.toString(freePort()));
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        ports.store(out, "pgcarry embedded runtime ports");
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the work directory " + workDir, e);
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
