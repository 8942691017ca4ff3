package io.pgcarry.common;

import io.pgcarry.common.sql.SqlResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A replication slot of the database a connection is in: the one place that reads its state, waits
 * for it to be released and drops it ({@code slot-state.sql}, {@code drop-slot.sql}). The source
 * connector and the tools that run a migration all go through it.
 *
 * <p>Why a wait: the walsender of a replication connection that just ended (a connector deleted or
 * restarted, a task's own connection before a restart) keeps the slot for a moment, and a slot in
 * use can neither be dropped nor streamed from. Every caller waits the same {@link
 * #RELEASE_TIMEOUT}, then decides itself what a slot still in use means.
 *
 * <p>Immutable and thread-safe; connections are the caller's.
 */
public final class ReplicationSlot {

  /**
   * How long a walsender may keep a slot after its connection or its connector ended: the one
   * timeout of every wait for a slot's release.
   */
  public static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration POLL = Duration.ofMillis(100);
  private static final SqlResource STATE =
      SqlResource.load(ReplicationSlot.class, "slot-state.sql");
  private static final SqlResource DROP = SqlResource.load(ReplicationSlot.class, "drop-slot.sql");

  /**
   * A slot as the source sees it.
   *
   * @param active whether a process streams from it
   * @param activePid that process, or null while none does
   * @param confirmedFlush how far its consumer confirmed it, or null
   * @param lost whether the source invalidated it, having removed WAL it still needed ({@code
   *     max_slot_wal_keep_size})
   */
  public record State(boolean active, Integer activePid, Lsn confirmedFlush, boolean lost) {}

  private final String name;

  /**
   * @param name the slot's name
   */
  public ReplicationSlot(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  public String name() {
    return name;
  }

  /** The slot now, or empty when the connection's database has no slot of this name. */
  public Optional<State> state(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(STATE.text())) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        int pid = rs.getInt("active_pid");
        Integer activePid = rs.wasNull() ? null : pid;
        String flushed = rs.getString("confirmed_flush_lsn");
        return Optional.of(
            new State(
                rs.getBoolean("active"),
                activePid,
                flushed == null ? null : Lsn.parse(flushed),
                rs.getBoolean("lost")));
      }
    }
  }

  /**
   * Waits, at most {@link #RELEASE_TIMEOUT}, until no process streams from the slot.
   *
   * @return the slot once released, or as it is at the timeout (still active); empty when it does
   *     not exist
   */
  public Optional<State> awaitRelease(Connection connection)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + RELEASE_TIMEOUT.toNanos();
    Optional<State> state = state(connection);
    while (state.isPresent() && state.get().active() && System.nanoTime() < deadline) {
      Thread.sleep(POLL.toMillis());
      state = state(connection);
    }
    return state;
  }

  /**
   * Drops the slot, if it exists. A slot in use is not dropped: the statement fails with SQL state
   * 55006; wait for its release first ({@link #awaitRelease}).
   *
   * @return whether there was a slot to drop
   */
  public boolean drop(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(DROP.text())) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
