package io.pgcarry.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A client of the Kafka Connect REST API, for the few calls pgcarry makes: create or update a
 * connector, read its status and committed offsets, list and delete connectors. Given several
 * workers of one cluster, it asks the next one when a worker does not answer (any worker serves
 * every call, forwarding to the leader what needs it), so a dead worker does not stop a migration.
 * Thread-safe.
 *
 * @see <a href="https://kafka.apache.org/documentation/#connect_rest">Connect REST API</a>
 */
public final class ConnectClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<URI> bases;
  private final HttpClient http;
  private volatile int current;

  public ConnectClient(URI base) {
    this(List.of(base));
  }

  /**
   * @param bases the REST URLs of workers of one cluster, asked in turn
   */
  public ConnectClient(List<URI> bases) {
    if (bases.isEmpty()) {
      throw new IllegalArgumentException("no Connect REST URL given");
    }
    this.bases = List.copyOf(bases);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** Task and connector states of a connector, as the worker reports them. */
  public record ConnectorStatus(String state, List<TaskStatus> tasks) {
    public ConnectorStatus {
      tasks = List.copyOf(tasks);
    }

    /** The first failure's trace, connector or task, if any failed. */
    public Optional<String> failure() {
      return tasks.stream()
          .filter(task -> "FAILED".equals(task.state()))
          .map(TaskStatus::trace)
          .findFirst()
          .or(() -> "FAILED".equals(state) ? Optional.of("connector failed") : Optional.empty());
    }
  }

  /** One task's state and, when it failed, its trace. */
  public record TaskStatus(int id, String state, String trace) {}

  /** Creates the connector, or replaces the configuration of an existing one. */
  public void put(String name, Map<String, String> config) {
    send("PUT", "/connectors/" + encode(name) + "/config", config);
  }

  /** The connector's status, or empty when no connector has that name. */
  public Optional<ConnectorStatus> status(String name) {
    JsonNode body = send("GET", "/connectors/" + encode(name) + "/status", null);
    if (body == null) {
      return Optional.empty();
    }
    List<TaskStatus> tasks = new ArrayList<>();
    for (JsonNode task : body.path("tasks")) {
      tasks.add(
          new TaskStatus(
              task.path("id").asInt(), task.path("state").asText(), task.path("trace").asText("")));
    }
    return Optional.of(new ConnectorStatus(body.path("connector").path("state").asText(), tasks));
  }

  /** Names of the connectors on the cluster. */
  public List<String> connectors() {
    JsonNode body = send("GET", "/connectors", null);
    List<String> names = new ArrayList<>();
    if (body != null) {
      body.forEach(node -> names.add(node.asText()));
    }
    return names;
  }

  /**
   * The connector's committed offsets, one entry per source partition: each a map with the keys
   * {@code partition} and {@code offset}. Empty when the connector has committed none.
   */
  public List<JsonNode> offsets(String name) {
    JsonNode body = send("GET", "/connectors/" + encode(name) + "/offsets", null);
    List<JsonNode> offsets = new ArrayList<>();
    if (body != null) {
      body.path("offsets").forEach(offsets::add);
    }
    return offsets;
  }

  /**
   * Restarts the connector and all its tasks, as {@code POST
   * /connectors/{name}/restart?includeTasks=true} does: each task is stopped and started again.
   */
  public void restart(String name) {
    send("POST", "/connectors/" + encode(name) + "/restart?includeTasks=true", null);
  }

  /**
   * Restarts the connector and those of its tasks that failed, as {@code POST
   * /connectors/{name}/restart?includeTasks=true&onlyFailed=true} does; the others run on.
   */
  public void restartFailed(String name) {
    send(
        "POST", "/connectors/" + encode(name) + "/restart?includeTasks=true&onlyFailed=true", null);
  }

  /**
   * Pauses the connector and its tasks: a source stops reading, a sink stops consuming, until
   * {@link #resume}. Connect pauses asynchronously; {@link #status} tells when it is done.
   */
  public void pause(String name) {
    send("PUT", "/connectors/" + encode(name) + "/pause", null);
  }

  /** Resumes a paused connector and its tasks. */
  public void resume(String name) {
    send("PUT", "/connectors/" + encode(name) + "/resume", null);
  }

  /** Deletes the connector; a missing connector is not an error. */
  public void delete(String name) {
    send("DELETE", "/connectors/" + encode(name), null);
  }

  private JsonNode send(String method, String path, Object body) {
    int first = current;
    for (int i = 0; ; i++) {
      URI base = bases.get((first + i) % bases.size());
      try {
        JsonNode answer = send(base, method, path, body);
        current = (first + i) % bases.size();
        return answer;
      } catch (ConnectRequestException e) {
        if (!(e.getCause() instanceof IOException) || i + 1 >= bases.size()) {
          throw e;
        }
        // This worker does not answer: ask the next one.
      }
    }
  }

  private JsonNode send(URI base, String method, String path, Object body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(Duration.ofSeconds(60))
              .header("Accept", "application/json");
      if (body != null) {
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404 && !"PUT".equals(method)) {
        return null;
      }
      if (response.statusCode() >= 300) {
        String message = response.body();
        try {
          message = JSON.readTree(response.body()).path("message").asText(message);
        } catch (IOException notJson) {
          // keep the raw body
        }
        throw new ConnectRequestException(
            method + " " + path + " failed with HTTP " + response.statusCode() + ": " + message);
      }
      String text = response.body();
      return text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
    } catch (IOException e) {
      throw new ConnectRequestException(
          "Kafka Connect at " + base + " is not reachable (" + method + " " + path + "): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectRequestException("Interrupted calling Kafka Connect at " + base, e);
    }
  }

  private static String encode(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A Connect REST call failed; the message carries the worker's explanation. */
  public static final class ConnectRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConnectRequestException(String message) {
      super(message);
    }

    ConnectRequestException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
