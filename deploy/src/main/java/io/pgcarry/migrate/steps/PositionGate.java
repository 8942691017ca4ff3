package io.pgcarry.migrate.steps;

import io.pgcarry.common.Connections;
import io.pgcarry.common.Lsn;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.ReplicationSlot;
import io.pgcarry.migrate.probes.Lag;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The gate that a direction of replication passes before it ends, the same for the cutover and for
 * the fallback that reverses it: note the sending server's WAL position L, wait until the source
 * connector has confirmed its slot up to L (every earlier change is in Kafka), then until the sink
 * has applied every record of the change topics as they stood then. Every wait ends at one
 * deadline, with what it waited for. Stateless but for the deadline.
 */
public final class PositionGate {

  /** Measures the lag of the sinks behind the change topics. */
  @FunctionalInterface
  public interface LagSource {
    Lag measure() throws SQLException;
  }

  private final Instant deadline;
  private final Duration timeout;
  private final Consumer<String> progress;

  /**
   * @param timeout how long every wait through this gate may take, in all
   * @param progress receives what the gate waits for
   */
  public PositionGate(Duration timeout, Consumer<String> progress) {
    this.timeout = timeout;
    this.deadline = Instant.now().plus(timeout);
    this.progress = progress;
  }

  /**
   * The server's current WAL position, after a transactional logical message, so that the stream
   * carries a commit at that position even when nothing else writes.
   *
   * @param content the message's content, naming what notes the position
   */
  public static Lsn note(PgUri server, String role, String content) throws SQLException {
    try (Connection connection = Connections.open(server, role);
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_logical_emit_message(true, 'pgcarry', '" + content + "')");
      try (ResultSet rs = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
        rs.next();
        return Lsn.parse(rs.getString(1));
      }
    }
  }

  /**
   * Waits until the slot's confirmed position reaches {@code target}.
   *
   * @param role what the server is to the operator ({@code source}, {@code new server})
   * @param name the migration whose source connector reads the slot
   * @throws IllegalStateException when the slot is gone or the deadline passed
   */
  public void awaitSlot(PgUri server, String role, String slotName, String name, Lsn target)
      throws SQLException, InterruptedException {
    ReplicationSlot slot = new ReplicationSlot(slotName);
    try (Connection connection = Connections.open(server, role)) {
      while (true) {
        Lsn confirmed =
            slot.state(connection)
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "replication slot " + slot + " does not exist on the " + role))
                .confirmedFlush();
        if (confirmed != null && confirmed.compareTo(target) >= 0) {
          return;
        }
        progress.accept(
            "waiting for the source connector of "
                + name
                + ", slot at "
                + confirmed
                + ", target "
                + target);
        checkDeadline("the source connector of " + name + " to reach " + target);
        Thread.sleep(500);
      }
    }
  }

  /**
   * Waits until the sinks have applied every record the change topics hold now.
   *
   * @return how many partitions were waited for
   */
  public int awaitSinks(LagSource lag) throws SQLException, InterruptedException {
    List<Lag.PartitionLag> marks = lag.measure().partitions();
    for (Lag now = lag.measure(); !now.reached(marks); now = lag.measure()) {
      checkDeadline("the sink to apply every change");
      progress.accept("waiting for the sink, " + now.records() + " records to apply");
      Thread.sleep(500);
    }
    return marks.size();
  }

  private void checkDeadline(String what) {
    if (Instant.now().isAfter(deadline)) {
      throw new IllegalStateException(
          "timed out after "
              + timeout.toSeconds()
              + " s waiting for "
              + what
              + "; replication is still running, retry");
    }
  }
}
