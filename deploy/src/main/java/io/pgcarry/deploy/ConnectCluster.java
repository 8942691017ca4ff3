package io.pgcarry.deploy;

import java.net.URI;

/**
 * Where pgcarry's connectors run: the embedded runtime, or a cluster the user names with {@code
 * --connect-url} and {@code --bootstrap-servers}.
 */
public interface ConnectCluster extends AutoCloseable {

  /** The Kafka cluster's {@code bootstrap.servers}. */
  String bootstrapServers();

  /** Base URL of a Connect worker's REST API. */
  URI connectUrl();

  /** Stops what this process started; a no-op for an external cluster. */
  @Override
  void close();

  /** A cluster run by someone else. */
  static ConnectCluster external(String bootstrapServers, URI connectUrl) {
    return new ConnectCluster() {
      @Override
      public String bootstrapServers() {
        return bootstrapServers;
      }

      @Override
      public URI connectUrl() {
        return connectUrl;
      }

      @Override
      public void close() {}
    };
  }
}
