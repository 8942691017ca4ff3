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

  /** The REST URLs of the workers to ask, in order; the embedded runtime has one. */
  default java.util.List<URI> connectUrls() {
    return java.util.List.of(connectUrl());
  }

  /** A cluster run by someone else, reached through any of {@code connectUrls}. */
  static ConnectCluster external(String bootstrapServers, java.util.List<URI> connectUrls) {
    return new ConnectCluster() {
      @Override
      public String bootstrapServers() {
        return bootstrapServers;
      }

      @Override
      public URI connectUrl() {
        return connectUrls.get(0);
      }

      @Override
      public java.util.List<URI> connectUrls() {
        return java.util.List.copyOf(connectUrls);
      }

      @Override
      public void close() {}
    };
  }
}
