package io.pgcarry.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgcarry.common.PgUri;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both workloads write pgbench's transaction to the benchmark's tables: one history row and one
 * balance change per branch, teller and account per committed transaction; with a rate, about that
 * many transactions per second. Also the data the benchmark creates, and the fingerprint that tells
 * a caught-up target.
 */
class WorkloadIT {

  private static LocalPostgres server;
  private static PgUri source;

  @BeforeAll
  static void createData() throws Exception {
    server = TestPostgres.source();
    server.recreateDatabase("workload_it");
    source = PgUri.parse(server.uri("workload_it"));
    BenchReport.DataSet data = BenchData.create(source, 1);
    assertThat(data.tables())
        .extracting(BenchReport.TableSize::table)
        .containsExactly(
            "bench_wide",
            "pgbench_accounts",
            "pgbench_branches",
            "pgbench_history",
            "pgbench_tellers");
    assertThat(RowCounts.of(source))
        .containsEntry("pgbench_accounts", 100_000L)
        .containsEntry("bench_wide", (long) BenchData.WIDE_ROWS_PER_SCALE);
  }

  @Test
  void jdbcWorkloadCommitsWholeTransactionsAtTheRateAskedFor() throws Exception {
    long before = history();
    long transactions = new JdbcWorkload(source).run(Shape.TPCB, Duration.ofSeconds(2), 50, 2);

    assertThat(history() - before).isEqualTo(transactions);
    assertThat(transactions).isBetween(40L, 160L);
    long deltas = sum("history");
    assertThat(balances())
        .containsOnlyKeys("branches", "tellers", "accounts")
        .allSatisfy((table, sum) -> assertThat(sum).as(table).isEqualTo(deltas));
  }

  @Test
  void pgbenchWorkloadCountsTheTransactionsItCommitted() throws Exception {
    Path pgbench = server.installation().executable("pgbench");
    assumeTrue(Files.isExecutable(pgbench), "pgbench is not installed with the servers");
    long before = history();
    long transactions =
        new PgbenchWorkload(pgbench, server.port(), "workload_it", 1)
            .run(Shape.TPCB, Duration.ofSeconds(2), 50, 2);

    assertThat(history() - before).isEqualTo(transactions);
    assertThat(transactions).isBetween(40L, 160L);
  }

  @Test
  void wideRowsWorkloadUpdatesOneRowAndInsertsOnePerTransaction() throws Exception {
    long before = RowCounts.of(source).get("bench_wide");
    long transactions = new JdbcWorkload(source).run(Shape.WIDE, Duration.ofSeconds(2), 25, 2);
    assertThat(transactions).isBetween(20L, 80L);
    assertThat(RowCounts.of(source).get("bench_wide") - before).isEqualTo(transactions);
    Path pgbench = server.installation().executable("pgbench");
    if (Files.isExecutable(pgbench)) {
      long more =
          new PgbenchWorkload(pgbench, server.port(), "workload_it", 1)
              .run(Shape.WIDE, Duration.ofSeconds(2), 25, 2);
      assertThat(RowCounts.of(source).get("bench_wide") - before).isEqualTo(transactions + more);
    }
    try (Connection c = server.connect("workload_it");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM bench_wide WHERE title LIKE 'edited %'"
                        + " AND doc ? 'edits'")) {
      rs.next();
      assertThat(rs.getLong(1)).isPositive();
    }
  }

  @Test
  void fingerprintOfTheSourceIsReachedOnTheSourceItself() throws Exception {
    for (Shape shape : Shape.values()) {
      Duration took = Fingerprint.of(source, shape).awaitOn(source, Duration.ofSeconds(10));

      assertThat(took).as(shape.description()).isLessThan(Duration.ofSeconds(10));
    }
  }

  private static long history() throws Exception {
    return RowCounts.of(source).get("pgbench_history");
  }

  private static Map<String, Long> balances() throws Exception {
    return Map.of(
        "branches", sum("branches"), "tellers", sum("tellers"), "accounts", sum("accounts"));
  }

  /** Sums of the balances and of the history's deltas move together, transaction by transaction. */
  private static long sum(String table) throws Exception {
    String sql =
        switch (table) {
          case "branches" -> "SELECT coalesce(sum(bbalance), 0) FROM pgbench_branches";
          case "tellers" -> "SELECT coalesce(sum(tbalance), 0) FROM pgbench_tellers";
          case "accounts" -> "SELECT coalesce(sum(abalance), 0) FROM pgbench_accounts";
          default -> "SELECT coalesce(sum(delta), 0) FROM pgbench_history";
        };
    try (Connection c = server.connect("workload_it");
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
