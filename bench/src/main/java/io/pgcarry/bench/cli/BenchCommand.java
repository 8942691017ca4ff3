package io.pgcarry.bench.cli;

import io.pgcarry.bench.Bench;
import io.pgcarry.bench.BenchReport;
import io.pgcarry.bench.BenchReports;
import io.pgcarry.bench.BenchSettings;
import io.pgcarry.cli.ExitCode;
import io.pgcarry.cli.Pgcarry;
import io.pgcarry.cli.VerboseOption;
import io.pgcarry.migrate.state.WorkDir;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pgcarry bench}: pgcarry against its peers, measured in one run on this machine. A
 * subcommand of {@link PgcarryBench}'s command line, not of the product's.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure pgcarry against its peers in one run on this machine: two local PostgreSQL"
          + " servers, pgbench's tables at --scale and a table of wide TOASTed rows on the source,"
          + " then",
      "  M1 full load: pg_dump | psql, native logical replication's initial sync, optionally"
          + " Debezium + Debezium's JDBC sink (--peers), and `pgcarry migrate` as a process of its"
          + " own from its start until it streams;",
      "  M3 latency, from the first seconds of streaming: pgbench at each of --rates for"
          + " --rate-time, one replica at a time; p50, p95, p99 from the source transaction to"
          + " visibility on the target, and whether lag grows;",
      "  M2 change drain: both replicas paused, a backlog written for --drain-time, then each"
          + " resumed alone and timed until its target has every change; once with pgbench's"
          + " transactions, once with wide rows (TOASTed text, jsonb, bytea);",
      "  M4 keep-up: pgbench as fast as the source takes it from four clients for"
          + " --keep-up-time, one replica at a time; the source's rate, the lag's peak and the"
          + " time to catch up once it stops;",
      "then the pgcarry migration is cut over and every target verified against the source."
          + " Prints a table of ratios against the peers, the CPU per row change of every process"
          + " on each peer's path (the migrate JVM's by stage, from its threads' CPU), the peak"
          + " memory of the migrate process, and the machine; --json writes the same as JSON."
          + " Exit 0 when every target verified equal.",
      "pgbench, pg_dump and psql come from the servers' installation or the PATH; without"
          + " pgbench the same transactions run over JDBC, without pg_dump that peer is skipped."
    })
public final class BenchCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;

  @Option(
      names = "--scale",
      defaultValue = "10",
      description = "pgbench scale factor: 100,000 accounts each (default: ${DEFAULT-VALUE}).")
  int scale;

  @Option(
      names = "--drain-time",
      defaultValue = "PT20S",
      description =
          "How long pgbench writes the backlog of M2 (default: ${DEFAULT-VALUE}); PT0S leaves M2"
              + " out.")
  Duration drainTime;

  @Option(
      names = "--rates",
      defaultValue = "1000,5000",
      paramLabel = "RATE[,RATE...]",
      description =
          "Rates of M3 in row changes per second (default: ${DEFAULT-VALUE}); an empty list"
              + " leaves M3 out.")
  String rates;

  @Option(
      names = "--rate-time",
      defaultValue = "PT30S",
      description = "How long each rate of M3 is held (default: ${DEFAULT-VALUE}).")
  Duration rateTime;

  @Option(
      names = "--keep-up-time",
      defaultValue = "PT60S",
      description =
          "How long pgbench writes as fast as the source takes it from four clients in M4"
              + " (default: ${DEFAULT-VALUE}); PT0S leaves M4 out.")
  Duration keepUpTime;

  @Option(
      names = "--migrate-heap",
      defaultValue = "1g",
      description = "-Xmx of the migrate process (default: ${DEFAULT-VALUE}).")
  String migrateHeap;

  @Option(
      names = "--migrate-java-options",
      paramLabel = "OPTIONS",
      description =
          "Further JVM options of the migrate process, separated by spaces, to measure another"
              + " garbage collector or JIT setting (default: none).")
  String migrateJavaOptions;

  @Option(
      names = "--peers",
      paramLabel = "DIR",
      description =
          "Also measure stock Debezium + Debezium's JDBC sink, whose plugin jars are in DIR"
              + " (build them with: mvn -B -f bench/peers/pom.xml package; DIR is then"
              + " bench/peers/target/debezium-jdbc).")
  Path peers;

  @Option(
      names = "--profile",
      description =
          "Record a JFR profile of the migrate process (WORK-DIR/migrations/migrate.jfr).")
  boolean profile;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
  Path json;

  @Option(
      names = "--work-dir",
      description = "Directory for the servers, the migration and its logs (default: a new one).")
  Path workDir;

  @Option(
      names = "--timeout",
      defaultValue = "PT30M",
      description = "Longest time any one phase may take (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    BenchSettings settings =
        new BenchSettings(
            directory(),
            scale,
            drainTime,
            rates(),
            rateTime,
            keepUpTime,
            migrateHeap,
            migrateJavaOptions == null || migrateJavaOptions.isBlank()
                ? List.of()
                : List.of(migrateJavaOptions.strip().split("\\s+")),
            Optional.ofNullable(peers),
            profile,
            timeout);
    PrintWriter out = spec.commandLine().getOut();
    BenchReport report = new Bench(settings, out, this::pgcarry).run();
    out.print(BenchReports.text(report));
    if (json != null) {
      Files.writeString(json, WorkDir.json(report) + "\n");
      out.println("JSON: " + json.toAbsolutePath());
    }
    out.flush();
    return report.verified() ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
  }

  private List<Integer> rates() {
    List<Integer> parsed = new java.util.ArrayList<>();
    for (String rate : rates.split(",")) {
      if (!rate.isBlank()) {
        try {
          parsed.add(Integer.parseInt(rate.strip()));
        } catch (NumberFormatException e) {
          throw new picocli.CommandLine.ParameterException(
              spec.commandLine(), "--rates: '" + rate.strip() + "' is not a whole number");
        }
      }
    }
    return parsed;
  }

  private Path directory() throws java.io.IOException {
    // The servers run as an unprivileged user when pgcarry runs as root: it must reach the
    // directory.
    return workDir != null
        ? Files.createDirectories(workDir)
        : Files.createTempDirectory(
            "pgcarry-bench",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
  }

  /** The cutover's own output is dropped: the benchmark reports the outcome. */
  private int pgcarry(String[] args) {
    var sub = Pgcarry.commandLine();
    sub.setOut(new PrintWriter(Writer.nullWriter()));
    sub.setErr(spec.commandLine().getErr());
    return sub.execute(args);
  }
}
