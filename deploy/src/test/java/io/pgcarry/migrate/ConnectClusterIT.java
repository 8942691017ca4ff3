package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.deploy.testing.Ledger;
import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.deploy.testing.TableComparison;
import io.pgcarry.deploy.testing.WriteLoop;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.migrate.state.WorkDir;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * pgcarry on a Connect cluster of separate processes, installed as a data-platform team installs
 * it: a broker and two Connect workers in distributed mode, each its own JVM with its own
 * properties, the connectors unpacked from their plugin archives onto the workers' plugin path,
 * secrets in a file the workers read through their config provider. {@code pgcarry migrate
 * --connect-url … --bootstrap-servers …} migrates through it while a worker is killed with {@code
 * kill -9}: the one running the sink task mid-load, the one running the source task mid-stream
 * under a write load. The tasks move to the surviving worker, and after cutover the target equals
 * the source exactly.
 */
class ConnectClusterIT {

  private static final String NAME = "cluster_it";
  private static final String SOURCE = "pgcarry-" + NAME + "-source";
  private static final String SINK = "pgcarry-" + NAME + "-sink";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROWS = Integer.getInteger("pgcarry.cluster.rows", 400_000);

  /** Longer than the workers' scheduled.rebalance.max.delay.ms (5 s) and a rebalance itself. */
  private static final Duration SETTLED = Duration.ofSeconds(8);

  private final StringWriter output = new StringWriter();

  @Test
  void migratesThroughAClusterWhoseWorkersAreKilledMidLoadAndMidStream() throws Exception {
    LocalPostgres source = TestPostgres.source();
    LocalPostgres target = TestPostgres.target();
    prepare(source, target);
    Path dir = Files.createTempDirectory("cluster-it");
    try (KafkaCluster cluster = new KafkaCluster(dir)) {
      String bootstrap = cluster.startBroker();
      Path plugins = cluster.installPlugins(archives());
      Path secrets = secretsFile(dir, target);
      URI a = cluster.startWorker("worker-a", plugins, secrets.getParent());
      URI b = cluster.startWorker("worker-b", plugins, secrets.getParent());
      assertThat(get(a.resolve("connector-plugins")))
          .contains("io.pgcarry.source.PgcarrySourceConnector")
          .contains("io.pgcarry.sink.PgcarrySinkConnector");
      assertThat(get(b.resolve("connector-plugins"))).contains("PgcarrySinkConnector");

      Path workDir = dir.resolve("work");
      WorkDir migration = new WorkDir(workDir, NAME);
      CompletableFuture<Integer> migrate =
          CompletableFuture.supplyAsync(
              () ->
                  pgcarry(
                      "migrate",
                      "--source",
                      source.uri(NAME),
                      "--target",
                      target.uri("cluster_it_copy"),
                      "--name",
                      NAME,
                      "--work-dir",
                      workDir.toString(),
                      "--connect-url",
                      a + "," + b,
                      "--bootstrap-servers",
                      bootstrap,
                      "--worker-secrets",
                      secrets.toString()));

      // Mid-load, held there: the test locks the target table `account` as soon as the schema
      // step has created it, so the sink's first batch of full-load records waits on it, inside
      // its transaction. The worker running the sink task dies while it waits.
      Connection lock = lockWhenCreated(target, migrate);
      Map<String, URI> workers = Map.of("worker-a", a, "worker-b", b);
      String killed;
      try {
        WaitFor.condition(
            Duration.ofMinutes(4),
            "the sink to wait on the locked account table during the full load",
            () -> {
              assertThat(migrate.isDone()).as(output::toString).isFalse();
              return migration.readStatus().map(s -> s.step() == Step.FULL_LOAD).orElse(false)
                  && waitsOnLock(target);
            },
            output::toString);
        killed = killAndAwaitMove(SINK, cluster, a, workers);
      } finally {
        lock.rollback();
        lock.close();
      }
      String survivor = killed.equals("worker-a") ? "worker-b" : "worker-a";
      cluster.restartWorker(killed);

      WaitFor.condition(
          Duration.ofMinutes(6),
          "migrate to stream after the full load",
          () -> {
            assertThat(migrate.isDone()).as(output::toString).isFalse();
            return migration.readStatus().map(s -> s.step() == Step.STREAMING).orElse(false);
          },
          () -> output + cluster.log(survivor));
      WriteLoop writes = transfers(source);
      writes.awaitTransactions(100, Duration.ofMinutes(1));
      String killedStreaming = killAndAwaitMove(SOURCE, cluster, workers.get(survivor), workers);
      String survivorStreaming = killedStreaming.equals("worker-a") ? "worker-b" : "worker-a";
      awaitTaskOn(SINK, workers.get(survivorStreaming), survivorStreaming, cluster);
      long before = writes.transactions();
      WaitFor.condition(
          Duration.ofMinutes(3),
          "changes committed after the kill to be applied",
          () ->
              migration
                  .readStatus()
                  .map(
                      s ->
                          s.appliedRecords() > 0
                              && writes.transactions() > before + 100
                              && s.lagRecords() < 50)
                  .orElse(false),
          output::toString);
      writes.stop();

      String cutover =
          pgcarry("cutover", "--name", NAME, "--work-dir", workDir.toString()) == 0
              ? "ok"
              : output.toString();
      assertThat(cutover).isEqualTo("ok");
      assertThat(migrate.get()).as(output::toString).isZero();
      assertThat(TableComparison.fingerprints(target, "cluster_it_copy"))
          .isEqualTo(TableComparison.fingerprints(source, NAME));
      assertThat(get(workers.get(survivorStreaming).resolve("connectors"))).isEqualTo("[]");
    }
  }

  /**
   * Locks the target table {@code account} once the schema step created it, in a transaction the
   * caller ends.
   */
  private Connection lockWhenCreated(LocalPostgres target, CompletableFuture<Integer> migrate)
      throws Exception {
    WaitFor.condition(
        Duration.ofMinutes(2),
        "the target table account to be created",
        () -> {
          assertThat(migrate.isDone()).as(output::toString).isFalse();
          return query(
                      target,
                      "postgres",
                      "SELECT count(*) FROM pg_database WHERE datname = 'cluster_it_copy'")
                  > 0
              && query(
                      target,
                      "cluster_it_copy",
                      "SELECT count(*) FROM pg_class WHERE relname = 'account'")
                  > 0;
        },
        output::toString);
    Connection lock = target.connect("cluster_it_copy");
    lock.setAutoCommit(false);
    try (Statement s = lock.createStatement()) {
      s.execute("LOCK TABLE account IN ACCESS EXCLUSIVE MODE");
    }
    return lock;
  }

  /** Whether a session waits for a lock on the target table {@code account}. */
  private static boolean waitsOnLock(LocalPostgres target) throws Exception {
    return query(
            target,
            "cluster_it_copy",
            "SELECT count(*) FROM pg_locks WHERE relation = 'account'::regclass AND NOT granted")
        > 0;
  }

  private static long query(LocalPostgres target, String database, String sql) throws Exception {
    try (Connection c = target.connect(database);
        Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Kills the worker running the connector's task, and waits until the task runs on the other
   * worker: reported RUNNING there, and started there after the kill (its log says so).
   *
   * <p>Which worker runs the task is read from the workers' own logs, and only once it has held for
   * longer than a scheduled rebalance takes: after a worker rejoins, the group moves tasks to it,
   * and the status topic names the old worker for a moment after the task stopped there.
   *
   * @return the name of the worker killed
   */
  private static String killAndAwaitMove(
      String connector, KafkaCluster cluster, URI any, Map<String, URI> workers) throws Exception {
    String killed = settledRunner(connector, cluster, any, workers);
    String survivor = killed.equals("worker-a") ? "worker-b" : "worker-a";
    int logged = cluster.log(survivor).length();
    cluster.kill(killed);
    long start = System.nanoTime();
    awaitTaskOn(connector, workers.get(survivor), survivor, cluster);
    WaitFor.condition(
        Duration.ofSeconds(30),
        "the task of " + connector + " to be started on " + survivor + " after the kill",
        () ->
            cluster
                .log(survivor)
                .substring(logged)
                .contains("Instantiated task " + connector + "-0"));
    System.out.printf(
        "cluster: the task of %s, killed with %s, runs on %s %.1f s after the kill%n",
        connector, killed, survivor, (System.nanoTime() - start) / 1e9);
    return killed;
  }

  /**
   * The worker that runs the connector's task: the one whose log shows the task started and not
   * stopped since, which the status agrees with, unchanged for longer than {@link #SETTLED}.
   */
  private static String settledRunner(
      String connector, KafkaCluster cluster, URI any, Map<String, URI> workers) {
    String[] runner = {null};
    long[] since = {0};
    WaitFor.condition(
        Duration.ofMinutes(2),
        "the task of " + connector + " to stay on one worker",
        () -> {
          String now = null;
          for (String name : workers.keySet()) {
            String log = cluster.log(name);
            int started = log.lastIndexOf("Instantiated task " + connector + "-0");
            int stopped = log.lastIndexOf("Stopping task " + connector + "-0");
            if (started > stopped) {
              now = now == null ? name : "both";
            }
          }
          String reported = taskWorker(connector, any);
          if (now == null
              || now.equals("both")
              || reported.isEmpty()
              || !reported.endsWith(":" + workers.get(now).getPort())) {
            runner[0] = null;
            return false;
          }
          if (!now.equals(runner[0])) {
            runner[0] = now;
            since[0] = System.nanoTime();
          }
          return System.nanoTime() - since[0] > SETTLED.toNanos();
        },
        () -> cluster.log("worker-a") + cluster.log("worker-b"));
    return runner[0];
  }

  private static void awaitTaskOn(String connector, URI url, String name, KafkaCluster cluster) {
    WaitFor.condition(
        Duration.ofMinutes(2),
        "the task of " + connector + " to run on " + name,
        () -> {
          JsonNode task = status(connector, url).path("tasks").path(0);
          return "RUNNING".equals(task.path("state").asText())
              && task.path("worker_id").asText().endsWith(":" + url.getPort());
        },
        () -> cluster.log(name));
  }

  /** The worker the status names for the connector's task, or "" while it names none. */
  private static String taskWorker(String connector, URI url) throws Exception {
    JsonNode task = status(connector, url).path("tasks").path(0);
    return task.path("worker_id").isTextual() ? task.path("worker_id").asText() : "";
  }

  /**
   * A connector's status as the worker at {@code url} reports it; missing while the worker cannot
   * answer (it answers 500 or 503 while it rejoins the group after a peer died).
   */
  private static JsonNode status(String connector, URI url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(url.resolve("connectors/" + connector + "/status")).build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.missingNode();
  }

  /** The secrets file the team puts on every worker: the keys pgcarry's configurations name. */
  private static Path secretsFile(Path dir, LocalPostgres target) throws Exception {
    Path secrets = Files.createDirectories(dir.resolve("secrets")).resolve("pgcarry.properties");
    Files.writeString(
        secrets,
        "source.password="
            + LocalPostgres.SUPERUSER
            + "\n"
            + "target.uri="
            + target.uri("cluster_it_copy")
            + "\n");
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
    return secrets;
  }

  /** The archives {@code mvn package} built in the connector modules. */
  private static List<Path> archives() throws Exception {
    List<Path> archives;
    try (Stream<Path> files =
        Stream.concat(
            Files.list(Path.of("..", "source-connector", "target")),
            Files.list(Path.of("..", "sink-connector", "target")))) {
      archives = files.filter(f -> f.getFileName().toString().endsWith(".zip")).toList();
    }
    assertThat(archives)
        .as("the plugin archives: build with `mvn -pl deploy -am verify` so that they exist")
        .hasSize(2);
    return archives;
  }

  private static void prepare(LocalPostgres source, LocalPostgres target) throws Exception {
    source.recreateDatabase(NAME);
    try (Connection c = target.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS cluster_it_copy WITH (FORCE)");
    }
    try (Connection c = source.connect(NAME);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE account (id int PRIMARY KEY, balance bigint NOT NULL, note text)");
      s.execute("CREATE TABLE ledger (account int, amount bigint)");
      s.execute("ALTER TABLE ledger REPLICA IDENTITY FULL");
      s.execute(
          "INSERT INTO account SELECT i, 1000, repeat(md5(i::text), 4) FROM generate_series(1, "
              + ROWS
              + ") i");
      s.execute("INSERT INTO ledger SELECT i % 50, 1 FROM generate_series(1, 5000) i");
    }
  }

  private int pgcarry(String... args) {
    return PgcarryCli.run(output, args);
  }

  /**
   * An application writing while a worker dies: transfers between accounts, each with two identical
   * ledger rows, and one ledger row deleted, about forty transactions a second.
   */
  private static WriteLoop transfers(LocalPostgres source) {
    Random random = new Random(11);
    return WriteLoop.start(
        "cluster-writes",
        () -> source.connect(NAME),
        Duration.ofMillis(25),
        (c, n) -> {
          c.setAutoCommit(false);
          int from = 1 + random.nextInt(5000);
          int to = 1 + random.nextInt(5000);
          execute(c, "UPDATE account SET balance = balance - 1 WHERE id = ?", from);
          execute(c, "UPDATE account SET balance = balance + 1 WHERE id = ?", to);
          Ledger.write(c, from % 50, to % 50);
          c.commit();
        });
  }

  private static void execute(Connection c, String sql, int parameter) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      statement.setInt(1, parameter);
      statement.executeUpdate();
    }
  }

  private static String get(URI url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
    return response.body();
  }
}
