package io.pgcarry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.bench.cli.PgcarryBench;
import io.pgcarry.deploy.testing.PgcarryCli;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgcarry bench} at scale 1 with short phases: every measurement of every peer and every
 * verification is in its JSON. No figure is judged here; the figures are the README's.
 */
class BenchIT {

  @TempDir Path dir;

  @Test
  void benchReportsEveryMeasurementOfEveryPeerAndVerifiesEveryTarget() throws Exception {
    Path json = dir.resolve("bench.json");
    Path work = Files.createDirectories(dir.resolve("work"));
    work.toFile().setExecutable(true, false);
    dir.toFile().setExecutable(true, false);
    StringWriter output = new StringWriter();

    int code =
        PgcarryCli.run(
            PgcarryBench.commandLine(),
            output,
            output,
            "bench",
            "--scale",
            "1",
            "--drain-time",
            "PT3S",
            "--rates",
            "200,1000",
            "--rate-time",
            "PT3S",
            "--keep-up-time",
            "PT3S",
            "--work-dir",
            work.toString(),
            "--json",
            json.toString());

    assertThat(code).as(output.toString()).isZero();
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(peers(report.path("fullLoad"), true))
        .containsExactly("pg_dump | psql", "native logical replication", "pgcarry migrate");
    assertThat(peers(report.path("fullLoad"), false)).containsExactly(DebeziumPeer.PEER);
    for (JsonNode load : report.path("fullLoad")) {
      if (load.path("measured").asBoolean()) {
        assertThat(load.path("seconds").asDouble()).as(load.toString()).isPositive();
        assertThat(load.path("timeOfPgDump").asDouble()).as(load.toString()).isPositive();
      }
    }
    assertThat(report.path("drain")).hasSize(4);
    List<String> drained = new ArrayList<>();
    for (JsonNode drain : report.path("drain")) {
      drained.add(drain.path("peer").asText() + ", " + drain.path("workload").asText());
      assertThat(drain.path("changes").asLong()).as(drain.toString()).isPositive();
      assertThat(drain.path("changesPerSecond").asDouble()).as(drain.toString()).isPositive();
    }
    assertThat(drained)
        .containsExactly(
            "native logical replication, " + Shape.TPCB.description(),
            "pgcarry, " + Shape.TPCB.description(),
            "native logical replication, " + Shape.WIDE.description(),
            "pgcarry, " + Shape.WIDE.description());
    assertLatencies(report.path("latency"));
    assertThat(report.path("keepUp")).hasSize(2);
    for (JsonNode keepUp : report.path("keepUp")) {
      assertThat(keepUp.path("achievedRate").asDouble()).as(keepUp.toString()).isPositive();
      assertThat(keepUp.path("samples").asLong()).as(keepUp.toString()).isPositive();
    }
    assertCpu(report.path("cpu"));
    JsonNode process = report.path("pgcarryProcess");
    assertThat(process.path("fullLoadCpuSeconds").asDouble()).isPositive();
    assertThat(process.path("peakRssMiB").asLong()).isPositive();
    assertThat(process.path("heap").asText()).isEqualTo("1g");
    assertThat(report.path("verification")).hasSize(3);
    report
        .path("verification")
        .forEach(v -> assertThat(v.path("matches").asBoolean()).as(v.toString()).isTrue());
    assertThat(report.path("targets")).isNotEmpty();
    assertThat(report.path("machine").path("cores").asInt()).isPositive();
    assertThat(output.toString())
        .contains(
            "M1 full load",
            "M2 change drain",
            "M3 latency",
            "M4 keep-up",
            "CPU per row change",
            "machine:");
  }

  /**
   * Every phase of every peer has its CPU per change, the servers' from /proc; pgcarry's the JVM's
   * too, split by stage, where the pipeline's own threads were busy. The full load is measured per
   * row for the three peers that ran: {@code pg_dump | psql} with its two clients, native logical
   * replication with no client process, and pgcarry's JVM from its first instant (a chunk reader
   * that lives less than one sampling interval is not seen, so the chunk readers may read zero at
   * scale 1).
   */
  private static void assertCpu(JsonNode cpu) {
    List<JsonNode> load = new ArrayList<>();
    List<JsonNode> changes = new ArrayList<>();
    cpu.forEach(
        phase -> (phase.path("phase").asText().startsWith("M1") ? load : changes).add(phase));
    assertThat(load.stream().map(phase -> phase.path("peer").asText()))
        .containsExactly("pg_dump | psql", "native logical replication", "pgcarry");
    for (JsonNode phase : load) {
      assertThat(phase.path("changes").asLong()).as(phase.toString()).isPositive();
      assertThat(phase.path("sourceSeconds").asDouble()).as(phase.toString()).isPositive();
      assertThat(phase.path("targetSeconds").asDouble()).as(phase.toString()).isPositive();
    }
    assertThat(load.get(0).path("jvmSeconds").asDouble()).as("pg_dump and psql").isPositive();
    assertThat(load.get(1).path("jvmSeconds").asDouble()).as("native").isZero();
    JsonNode migrate = load.get(2);
    assertThat(migrate.path("jvmSeconds").asDouble()).as(migrate.toString()).isPositive();
    for (String busy : List.of(CpuStages.SINK_TASK, CpuStages.STEPS)) {
      assertThat(migrate.path("jvmStages").path(busy).asDouble())
          .as(busy + " in " + migrate)
          .isPositive();
    }
    // M3 at two rates, M2 with two workloads, M4: five phases, two peers each.
    assertThat(changes).hasSize(10);
    for (JsonNode phase : changes) {
      assertThat(phase.path("changes").asLong()).as(phase.toString()).isPositive();
      assertThat(phase.path("targetSeconds").asDouble()).as(phase.toString()).isPositive();
      if (phase.path("peer").asText().equals("pgcarry")) {
        assertThat(phase.path("jvmSeconds").asDouble()).as(phase.toString()).isPositive();
        JsonNode stages = phase.path("jvmStages");
        for (String stage : CpuStages.ALL) {
          assertThat(stages.has(stage)).as(stage + " in " + phase).isTrue();
        }
        for (String busy : List.of(CpuStages.DECODER, CpuStages.SOURCE_TASK, CpuStages.SINK_TASK)) {
          assertThat(stages.path(busy).asDouble()).as(busy + " in " + phase).isPositive();
        }
        assertThat(phase.path("busiestThreads")).isNotEmpty();
      } else {
        assertThat(phase.path("jvmSeconds").asDouble()).as(phase.toString()).isZero();
      }
    }
  }

  private static void assertLatencies(JsonNode latencies) {
    List<String> measured = new ArrayList<>();
    for (JsonNode latency : latencies) {
      measured.add(latency.path("peer").asText() + " " + latency.path("rate").asInt());
      assertThat(latency.path("samples").asLong()).as(latency.toString()).isPositive();
      assertThat(latency.path("p99").asDouble())
          .as(latency.toString())
          .isGreaterThanOrEqualTo(latency.path("p50").asDouble());
    }
    assertThat(measured)
        .containsExactly(
            "native logical replication 200", "pgcarry 200",
            "native logical replication 1000", "pgcarry 1000");
  }

  private static List<String> peers(JsonNode loads, boolean measured) {
    List<String> peers = new ArrayList<>();
    loads.forEach(
        load -> {
          if (load.path("measured").asBoolean() == measured) {
            peers.add(load.path("peer").asText());
          }
        });
    return peers;
  }
}
