package io.pgcarry.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pgcarry.migrate.state.MigrationStatus;
import io.pgcarry.migrate.state.WorkDir;
import io.pgcarry.migrate.verify.OnlineVerifyProgress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running migration's web endpoints on 127.0.0.1: the status page ({@code /}), the status it
 * shows ({@code /status.json}) with its lag history ({@code /history.json}), and {@code /metrics}
 * in the Prometheus text format. Everything is read from the migration's work directory, which the
 * driver updates every second, and from this JVM's MBeans; nothing here changes the migration.
 * Thread-safe.
 */
public final class StatusServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
  private static final long SAMPLE_SECONDS = 2;

  private final HttpServer http;
  private final ScheduledExecutorService sampler;
  private final WorkDir workDir;
  private final LagHistory history = new LagHistory();
  private final MetricsRenderer metrics;
  private final byte[] page;

  private StatusServer(HttpServer http, WorkDir workDir, String migration) {
    this.http = http;
    this.workDir = workDir;
    this.metrics = new MetricsRenderer(migration);
    this.page = resource("status.html");
    this.sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "pgcarry-status-sampler");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Serves the migration in {@code workDir}.
   *
   * @param port the port on 127.0.0.1; 0 picks a free one
   * @throws UncheckedIOException naming the port when it cannot be bound
   */
  public static StatusServer start(WorkDir workDir, String migration, int port) {
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot serve the status page on 127.0.0.1:"
              + port
              + " ("
              + e.getMessage()
              + "): choose another --http-port, or 0 for any free port",
          e);
    }
    StatusServer server = new StatusServer(http, workDir, migration);
    http.createContext("/", server::page);
    http.createContext("/status.json", server::status);
    http.createContext("/history.json", server::history);
    http.createContext("/online-verify.json", server::onlineVerify);
    http.createContext("/metrics", server::metrics);
    http.setExecutor(Executors.newFixedThreadPool(2, daemon("pgcarry-status-http")));
    http.start();
    server.sampler.scheduleAtFixedRate(server::sample, 0, SAMPLE_SECONDS, TimeUnit.SECONDS);
    LOG.info("Status page of migration {} at {}", migration, server.url());
    return server;
  }

  /** The page's address, {@code http://127.0.0.1:PORT/}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
  }

  private void sample() {
    try {
      workDir.readStatus().ifPresent(history::add);
    } catch (RuntimeException e) {
      // A status being replaced is read again at the next sample.
      LOG.debug("Cannot read the status for the history", e);
    }
  }

  private void page(HttpExchange exchange) throws IOException {
    if (!"/".equals(exchange.getRequestURI().getPath())) {
      send(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
      return;
    }
    send(exchange, 200, "text/html; charset=utf-8", page);
  }

  private void status(HttpExchange exchange) throws IOException {
    Optional<MigrationStatus> status = workDir.readStatus();
    send(
        exchange,
        status.isPresent() ? 200 : 404,
        "application/json",
        WorkDir.json(status.isPresent() ? status.get() : java.util.Map.of())
            .getBytes(StandardCharsets.UTF_8));
  }

  /** The last online verification's progress ({@code pgcarry verify --online}), 404 before one. */
  private void onlineVerify(HttpExchange exchange) throws IOException {
    Optional<OnlineVerifyProgress> progress = workDir.readOnlineVerify();
    send(
        exchange,
        progress.isPresent() ? 200 : 404,
        "application/json",
        WorkDir.json(progress.isPresent() ? progress.get() : java.util.Map.of())
            .getBytes(StandardCharsets.UTF_8));
  }

  private void history(HttpExchange exchange) throws IOException {
    send(
        exchange,
        200,
        "application/json",
        WorkDir.json(history.points()).getBytes(StandardCharsets.UTF_8));
  }

  private void metrics(HttpExchange exchange) throws IOException {
    String text = metrics.render(workDir.readStatus());
    send(
        exchange,
        200,
        "text/plain; version=0.0.4; charset=utf-8",
        text.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int code, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(code, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = StatusServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource " + name + " of " + StatusServer.class.getName() + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread thread = new Thread(r, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    http.stop(0);
  }
}
