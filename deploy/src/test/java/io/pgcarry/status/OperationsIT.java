package io.pgcarry.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.deploy.testing.WriteLoop;
import io.pgcarry.examples.PrintTableChanges;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.state.MigrationStatus;
import io.pgcarry.migrate.state.WorkDir;
import io.prometheus.jmx.JmxCollector;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What operators and downstream consumers see of one running migration, driven through the {@code
 * pgcarry} command line on real servers with the embedded broker and worker: the status and its
 * JSON, {@code /metrics}, the status page in headless Chromium, the consumer example against the
 * change topics, the heartbeat keeping the slot's retained WAL bounded while only an unselected
 * table is written, and, after cutover, no password in any byte pgcarry wrote. The scenarios share
 * one migration, in order, and cannot stand alone: the last one reads every byte the whole run
 * wrote, after a cutover that must come after the others; and a migration under load with the
 * status page and a browser per scenario would add minutes of CI each. Each scenario asserts only
 * what it observed itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {

  private static final String NAME = "ops_it";
  private static final String SOURCE_PASSWORD = "SrcPw9f41c2x";
  private static final String TARGET_PASSWORD = "DstPw7b22e8y";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration BUSY = Duration.ofSeconds(60);
  private static final Duration BOUND = Duration.ofSeconds(35);

  private final HttpClient http = HttpClient.newHttpClient();
  private final StringWriter output = new StringWriter();
  private LocalPostgres source;
  private LocalPostgres target;
  private Path workDir;
  private WorkDir dir;
  private CompletableFuture<Integer> migrate;
  private WriteLoop itemWrites;
  private WriteLoop busyWrites;

  @BeforeAll
  void startMigration() throws Exception {
    HeadlessChromium.require();
    source = TestPostgres.source();
    target = TestPostgres.target();
    source.recreateDatabase(NAME);
    role(source, "ops_src", SOURCE_PASSWORD);
    role(target, "ops_dst", TARGET_PASSWORD);
    try (Connection c = target.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS ops_it_copy WITH (FORCE)");
    }
    try (Connection c = source.connect(NAME);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL)");
      s.execute("INSERT INTO item SELECT i, 'item ' || i FROM generate_series(1, 2000) i");
      s.execute("CREATE TABLE busy (pad text)");
    }
    workDir = Files.createTempDirectory("ops-it");
    dir = new WorkDir(workDir, NAME);
    String[] args = {
      "migrate",
      "--source",
      uri(source, "ops_src", SOURCE_PASSWORD, NAME),
      "--target",
      uri(target, "ops_dst", TARGET_PASSWORD, "ops_it_copy"),
      "--name",
      NAME,
      "--work-dir",
      workDir.toString(),
      "--exclude",
      "public.busy",
      "--retained-wal-warning",
      "256MB"
    };
    migrate = PgcarryCli.start(output, args);
    PgcarryCli.awaitStep(dir, Step.STREAMING, migrate, Duration.ofMinutes(4), output);
    itemWrites = itemUpdates(source);
    busyWrites = busyInserts(source);
  }

  @AfterAll
  void stop() throws Exception {
    if (itemWrites != null) {
      itemWrites.stop();
      busyWrites.stop();
    }
  }

  @Test
  @Order(1)
  void statusShowsWhereTheMigrationIsAndHowFarBehind() throws Exception {
    MigrationStatus status =
        WaitFor.value(
            Duration.ofMinutes(2),
            "latency samples, a heartbeat and the slot in the status",
            () ->
                dir.readStatus()
                    .filter(s -> s.latency() != null && s.latency().samples() > 0)
                    .filter(s -> s.heartbeatAgeSeconds() != null && s.slot() != null));

    assertThat(status.endpoints().connectUrl()).startsWith("http://127.0.0.1:");
    assertThat(status.endpoints().topics()).contains(NAME + ".public.item");
    assertThat(status.endpoints().heartbeatTopic()).isEqualTo("__debezium-heartbeat." + NAME);
    assertThat(status.topicLag())
        .extracting(MigrationStatus.TopicLag::topic)
        .contains(NAME + ".public.item");
    assertThat(status.slot().retainedBytes()).isGreaterThanOrEqualTo(status.slot().bytesBehind());
    assertThat(status.latency().p99Millis()).isGreaterThanOrEqualTo(status.latency().p50Millis());
    assertThat(status.steps())
        .extracting(MigrationStatus.StepTime::step)
        .containsSubsequence("precheck", "schema-pre-data", "full-load", "streaming");
    // The Connect REST URL in the status answers as a Connect worker does.
    assertThat(get(status.endpoints().connectUrl() + "connectors"))
        .contains("pgcarry-" + NAME + "-source");

    JsonNode json =
        JSON.readTree(command("status", "--name", NAME, "--work-dir", workDir, "--json"));
    assertThat(json.path("slot").path("bytesBehind").isNumber()).isTrue();
    assertThat(json.path("slot").path("level").asText()).isIn("OK", "WARNING");
    assertThat(json.path("latency").path("p99Millis").isNumber()).isTrue();
    assertThat(json.path("heartbeatAgeSeconds").isNumber()).isTrue();
    assertThat(json.has("noDelay")).isTrue();
    assertThat(command("status", "--name", NAME, "--work-dir", workDir))
        .contains("cutover    ", "WAL        ", "latency    p50", "heartbeat  ", "connect    ");
  }

  @Test
  @Order(2)
  void metricsEndpointServesPgcarryConnectAndDebeziumSeries() throws Exception {
    String metrics = get(pageUrl() + "metrics");

    assertThat(metrics)
        .contains("# TYPE pgcarry_lag_records gauge")
        .contains("pgcarry_topic_lag_records{migration=\"ops_it\",topic=\"ops_it.public.item\"}")
        .contains("pgcarry_source_wal_bytes_behind{migration=\"ops_it\"}")
        .contains("pgcarry_slot_retained_wal_bytes{migration=\"ops_it\"}")
        .contains("pgcarry_apply_latency_seconds_bucket{le=\"+Inf\",migration=\"ops_it\"}")
        .contains("pgcarry_heartbeat_age_seconds{migration=\"ops_it\"}")
        .contains("pgcarry_no_delay{migration=\"ops_it\"}")
        .contains("kafka_connect_source_task_metrics_source_record_poll_total{")
        .contains("kafka_connect_sink_task_metrics_sink_record_read_total{")
        .contains("debezium_postgres_connector_metrics_millisecondsbehindsource{")
        .contains("io_pgcarry_sink_task_metrics_totalchangesapplied{")
        .contains("kafka_consumer_consumer_fetch_manager_metrics_records_lag_max{");
    // Every series the shipped Grafana dashboard queries is served.
    JsonNode dashboard = JSON.readTree(Path.of("monitoring", "grafana-dashboard.json").toFile());
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        java.util.regex.Matcher names =
            java.util.regex.Pattern.compile("\\b(pgcarry|kafka|debezium|io_pgcarry)_[a-z0-9_]+")
                .matcher(target.path("expr").asText());
        while (names.find()) {
          assertThat(metrics)
              .as("series %s of panel %s", names.group(), panel.path("title").asText())
              .containsPattern("(?m)^" + names.group() + "[{ ]");
        }
      }
    }
    // Every line is a comment or a sample Prometheus can parse.
    for (String line : metrics.lines().toList()) {
      assertThat(line)
          .matches(
              "# (HELP|TYPE) .*|[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*\\})?"
                  + " (NaN|[+-]Inf|-?[0-9.]+(E-?[0-9]+)?)");
    }
  }

  @Test
  @Order(3)
  void jmxExporterRulesForAClusterNameTheSeriesAsMetricsDoes() throws Exception {
    JmxCollector exporter =
        new JmxCollector(Path.of("monitoring", "connect-jmx-exporter.yaml").toFile());
    PrometheusRegistry registry = new PrometheusRegistry();
    exporter.register(registry);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    new PrometheusTextFormatWriter(false).write(text, registry.scrape());
    String exported = text.toString(StandardCharsets.UTF_8);
    String served = get(pageUrl() + "metrics");

    for (String series :
        List.of(
            "kafka_connect_connect_worker_metrics_connector_count",
            "kafka_connect_source_task_metrics_source_record_poll_rate",
            "kafka_connect_sink_task_metrics_sink_record_read_rate",
            "kafka_connect_task_error_metrics_total_record_errors",
            "debezium_postgres_connector_metrics_millisecondsbehindsource",
            "io_pgcarry_sink_task_metrics_totalchangesapplied",
            "kafka_consumer_consumer_fetch_manager_metrics_records_lag_max")) {
      assertThat(exported).as("the exporter's series").containsPattern("(?m)^" + series + "[{ ]");
      assertThat(served).as("/metrics").containsPattern("(?m)^" + series + "[{ ]");
    }
  }

  @Test
  @Order(4)
  void statusPageShowsStepsTablesLagAndReadinessInABrowser() throws Exception {
    String dom = HeadlessChromium.dom(pageUrl(), 6000);

    assertThat(dom)
        .contains("pgcarry migration <span id=\"name\">ops_it</span>")
        .contains("<strong id=\"step\">streaming</strong>")
        .containsPattern("<td>full-load</td><td>[^<]+</td><td class=\"num\">\\d+ s</td><td>done")
        .containsPattern("<td>public\\.item</td><td class=\"num\">2,000</td>")
        .containsPattern("id=\"lag-records\">[0-9,]+<")
        .containsPattern("id=\"retained-wal\"[^>]*>[0-9.]+ (B|KiB|MiB)")
        .containsPattern("id=\"latency-p99\">[0-9.]+ m?s<")
        .containsPattern("id=\"heartbeat-age\">\\d+ s ago<")
        .containsPattern("id=\"readiness\" class=\"(ready|waiting)\">(No delay|Catching up)")
        .containsPattern("<polyline points=\"[0-9.,\\s]+\"")
        .contains(NAME + ".public.item");
    // No external resource: no script, style, image or font from elsewhere.
    assertThat(get(pageUrl()))
        .doesNotContainPattern("(src|href)=\"(https?:)?//")
        .doesNotContain("<link", "@import", "url(");
    Path screenshot = Path.of("target", "status-page.png");
    HeadlessChromium.screenshot(pageUrl(), screenshot, 6000);
    assertThat(Files.size(screenshot)).isGreaterThan(10_000);
  }

  @Test
  @Order(5)
  void consumerExamplePrintsTheFullLoadAndTheChangesOfOneTable() throws Exception {
    // The example stops once the topic is idle: the migrated table's writes end here.
    itemWrites.stop();
    String bootstrap = dir.readStatus().orElseThrow().endpoints().bootstrapServers();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      PrintTableChanges.main(new String[] {bootstrap, NAME + ".public.item", "3"});
    } finally {
      System.setOut(stdout);
    }
    String text = printed.toString(StandardCharsets.UTF_8);

    assertThat(text).contains("copy ").contains("snapshot-end 2000 rows");
    // REPLICA IDENTITY DEFAULT: an update carries no old row.
    assertThat(text)
        .containsPattern("(?m)^u before=null after=\\{\"id\":\\d+,\"name\":\"renamed \\d+\"\\}$");
  }

  @Test
  @Order(6)
  void heartbeatKeepsRetainedWalBoundedWhileOnlyAnUnselectedTableIsWritten() throws Exception {
    // Each second: the WAL written so far and the WAL the slot retains. The slot's restart position
    // follows the confirmed one at the next running-transactions record (every 15 s while the
    // server is busy), after the next heartbeat (5 s) and offset commit (1 s): at any moment the
    // slot may retain the WAL of the last 25 s or so, never more than that of the last 35 s.
    List<long[]> samples = new java.util.ArrayList<>();
    long end = System.nanoTime() + BUSY.toNanos();
    while (System.nanoTime() < end) {
      samples.add(new long[] {System.nanoTime(), walBytes(), retainedBytes()});
      Thread.sleep(1000);
    }
    busyWrites.requireRunning();
    long worst = Long.MIN_VALUE;
    int checked = 0;
    for (long[] sample : samples) {
      long[] before = sampleBefore(samples, sample[0] - BOUND.toNanos());
      if (before == null) {
        continue;
      }
      long window = sample[1] - before[1];
      worst = Math.max(worst, sample[2] - (window + (16L << 20)));
      checked++;
    }
    long written = samples.get(samples.size() - 1)[1] - samples.get(0)[1];
    long retained = samples.get(samples.size() - 1)[2];
    System.out.printf(
        "heartbeat: %,d bytes of WAL written in %d s by the unselected table alone; retained"
            + " %,d at the end; worst retained minus the WAL of the %d s before, plus 16 MiB: %,d"
            + " bytes over %d samples%n",
        written, BUSY.toSeconds(), retained, BOUND.toSeconds(), worst, checked);

    assertThat(checked).isGreaterThan(10);
    // Never more WAL retained than the last 35 s wrote, plus a segment.
    assertThat(worst).isNegative();
    // Without the heartbeat's logical message the slot would retain everything written since the
    // migrated table's last change, more than the whole phase wrote: that must exceed the bound at
    // the end for the test to tell the two apart.
    long[] last = samples.get(samples.size() - 1);
    long[] window = sampleBefore(samples, last[0] - BOUND.toNanos());
    assertThat(written).isGreaterThan(last[1] - window[1] + (16L << 20));
  }

  /** The last sample taken at or before {@code nanos}, or null. */
  private static long[] sampleBefore(List<long[]> samples, long nanos) {
    long[] found = null;
    for (long[] sample : samples) {
      if (sample[0] <= nanos) {
        found = sample;
      }
    }
    return found;
  }

  @Test
  @Order(7)
  void noPasswordInAnyByteWrittenAndTheWorkDirectoryIsTheOwnersAfterCutover() throws Exception {
    itemWrites.stop();
    busyWrites.stop();
    assertThat(command("cutover", "--name", NAME, "--work-dir", workDir)).contains("cutover");
    assertThat(migrate.get()).as(output::toString).isZero();

    assertThat(Files.readString(dir.logFile())).contains("Kafka Connect worker REST API");
    assertThat(output.toString()).contains("log: " + dir.logFile().toAbsolutePath());
    Secrets.assertAbsent(workDir, output.toString(), SOURCE_PASSWORD, TARGET_PASSWORD);
    Secrets.assertOwnerOnly(dir.path());
  }

  private String pageUrl() {
    return dir.readStatus().orElseThrow().endpoints().statusPage();
  }

  private long walBytes() throws Exception {
    return query("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint");
  }

  private long retainedBytes() throws Exception {
    return query(
        "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint"
            + " FROM pg_replication_slots WHERE slot_name = 'pgcarry_ops_it'");
  }

  private long query(String sql) throws Exception {
    try (Connection c = source.connect(NAME);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }

  private String get(String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.body();
  }

  private String command(Object... args) {
    StringWriter out = new StringWriter();
    String[] strings = java.util.Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
    int code = PgcarryCli.run(out, strings);
    assertThat(code).as(() -> out.toString()).isZero();
    return out.toString();
  }

  /**
   * The application's writes to the migrated table {@code item}: small updates, about twenty
   * transactions a second.
   */
  private static WriteLoop itemUpdates(LocalPostgres source) {
    return WriteLoop.start(
        "ops-it-items",
        () -> source.connect("ops_it"),
        Duration.ofMillis(50),
        (c, n) -> {
          try (PreparedStatement update =
              c.prepareStatement("UPDATE item SET name = 'renamed ' || ? WHERE id = ?")) {
            update.setLong(1, n);
            update.setInt(2, (int) (1 + n % 2000));
            update.executeUpdate();
          }
        });
  }

  /**
   * Bulk inserts into the unselected table {@code busy}, about 2 MB of WAL a second, which is
   * emptied now and then.
   */
  private static WriteLoop busyInserts(LocalPostgres source) {
    return WriteLoop.start(
        "ops-it-busy",
        () -> source.connect("ops_it"),
        Duration.ofMillis(200),
        (c, n) -> {
          try (Statement s = c.createStatement()) {
            s.execute(
                "INSERT INTO busy (pad) SELECT repeat('x', 1000) FROM generate_series(1, 500)");
            if ((n + 1) % 40 == 0) {
              s.execute("TRUNCATE busy");
            }
          }
        });
  }

  private static void role(LocalPostgres server, String role, String password) throws Exception {
    try (Connection c = server.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute(
          "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + role
              + "') THEN CREATE ROLE "
              + role
              + " LOGIN SUPERUSER; END IF; END$$");
      s.execute("ALTER ROLE " + role + " PASSWORD '" + password + "'");
    }
  }

  private static String uri(LocalPostgres server, String user, String password, String db) {
    return "postgresql://" + user + ":" + password + "@127.0.0.1:" + server.port() + "/" + db;
  }
}
