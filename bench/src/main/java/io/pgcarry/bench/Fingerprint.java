package io.pgcarry.bench;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.sql.SqlResource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * A cheap fingerprint of the tables a workload {@link Shape} writes, to tell when a replica has
 * applied every change of a workload that has stopped: for pgbench's, the history's row count and
 * the balance sums. The target's sums equal the source's only once every change is applied, short
 * of an unlikely coincidence of all of them at once; the final comparison is the schema tool's
 * verification.
 */
final class Fingerprint {

  private static final Duration POLL = Duration.ofMillis(200);

  private final Shape shape;
  private final List<Long> small;
  private final List<Long> full;

  private Fingerprint(Shape shape, List<Long> small, List<Long> full) {
    this.shape = shape;
    this.small = small;
    this.full = full;
  }

  /** The source's fingerprint now. */
  static Fingerprint of(PgUri source, Shape shape) throws SQLException {
    try (Connection c = Connections.open(source, "source")) {
      return new Fingerprint(
          shape, query(c, shape.smallFingerprint()), query(c, shape.fullFingerprint()));
    }
  }

  /**
   * Waits until the target's fingerprint equals this one, polling the cheap part and reading the
   * accounts only when it matches.
   *
   * @return the time it took
   * @throws IllegalStateException naming the target when it is not reached within the timeout
   */
  Duration awaitOn(PgUri target, Duration timeout) throws SQLException, InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    try (Connection c = Connections.open(target, "target")) {
      while (System.nanoTime() < deadline) {
        if (small.equals(query(c, shape.smallFingerprint()))
            && full.equals(query(c, shape.fullFingerprint()))) {
          return Duration.ofNanos(System.nanoTime() - start);
        }
        Thread.sleep(POLL.toMillis());
      }
    }
    throw new IllegalStateException(
        "the target "
            + target
            + " did not reach the source's fingerprint of "
            + shape.description()
            + " within "
            + timeout.toSeconds()
            + " s: its replication stopped or fell behind (see the benchmark's logs)");
  }

  private static List<Long> query(Connection c, SqlResource sql) throws SQLException {
    try (Statement statement = c.createStatement();
        ResultSet rs = statement.executeQuery(sql.body())) {
      rs.next();
      int columns = rs.getMetaData().getColumnCount();
      Long[] values = new Long[columns];
      for (int i = 0; i < columns; i++) {
        values[i] = rs.getLong(i + 1);
      }
      return List.of(values);
    }
  }
}
