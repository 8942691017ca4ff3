package io.pgcarry.bench;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.sql.Identifier;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Exact row counts of the benchmark's tables, to tell when a full load without markers is done. */
final class RowCounts {

  static final List<String> TABLES =
      List.of(
          "pgbench_accounts",
          "pgbench_branches",
          "pgbench_history",
          "pgbench_tellers",
          "bench_wide");
  private static final Duration POLL = Duration.ofMillis(500);

  private RowCounts() {}

  static Map<String, Long> of(PgUri database) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection c = Connections.open(database, "database");
        Statement statement = c.createStatement()) {
      for (String table : TABLES) {
        try (ResultSet rs =
            statement.executeQuery("SELECT count(*) FROM " + Identifier.qualify("public", table))) {
          rs.next();
          counts.put(table, rs.getLong(1));
        }
      }
    }
    return counts;
  }

  /** Waits until the target has the source's counts. */
  static void await(PgUri source, PgUri target, Duration timeout) throws Exception {
    Map<String, Long> expected = of(source);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (expected.equals(of(target))) {
        return;
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IllegalStateException(
        "the target "
            + target
            + " did not reach the source's row counts "
            + expected
            + " within "
            + timeout);
  }
}
