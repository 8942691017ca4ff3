package io.pgcarry.migrate.probes;

import io.pgcarry.common.ConnectionFailure;
import io.pgcarry.common.Connections;
import io.pgcarry.migrate.MigrationSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sees what keeps a running migration waiting, for its status: the source or the target out of
 * reach (while the connectors reconnect and retry), a target that accepts no writes (the sink waits
 * and applies nothing meanwhile), and a replication slot that the source invalidated, after which
 * the migration cannot continue. Not thread-safe.
 */
public final class OutageProbe implements AutoCloseable {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final MigrationSpec spec;
  private final WatchSession target;
  private Connection source;
  private Instant sourceSince;
  private Instant targetSince;

  /**
   * @param target the watching side's target connection, shared with the table progress
   */
  public OutageProbe(MigrationSpec spec, WatchSession target) {
    this.spec = spec;
    this.target = target;
  }

  /**
   * What is out now, one line each; empty when both ends answer and the target takes writes.
   *
   * @throws IllegalStateException when the source invalidated the migration's slot
   */
  List<String> check() {
    List<String> outages = new ArrayList<>();
    String source = sourceOutage();
    sourceSince = source == null ? null : sourceSince == null ? Instant.now() : sourceSince;
    if (source != null) {
      outages.add(source + " since " + clock(sourceSince) + "; the source connector reconnects");
    }
    String target = targetOutage();
    targetSince = target == null ? null : targetSince == null ? Instant.now() : targetSince;
    if (target != null) {
      outages.add(target + " since " + clock(targetSince) + "; the sink waits and retries");
    }
    return outages;
  }

  private String sourceOutage() {
    try {
      if (source != null && !source.isValid(5)) {
        closeSource();
      }
      if (source == null) {
        source = Connections.open(spec.source(), "source");
      }
      checkSlot(source);
      return null;
    } catch (ConnectionFailure e) {
      return "source unreachable (" + e.getMessage() + ")";
    } catch (SQLException e) {
      closeSource();
      return "source unreachable (" + e.getMessage() + ")";
    }
  }

  private void checkSlot(Connection connection) throws SQLException {
    Optional<SlotHealth> slot = SlotHealth.read(connection, spec.slotName());
    if (slot.isPresent() && slot.get().lost()) {
      throw new IllegalStateException(slot.get().warning(spec.name()).orElseThrow());
    }
  }

  private String targetOutage() {
    try (Statement statement = target.get().createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT pg_catalog.current_setting('transaction_read_only') = 'on'")) {
      rs.next();
      return rs.getBoolean(1)
          ? "target read-only (it accepts no writes: default_transaction_read_only, or a standby;"
              + " nothing is applied meanwhile)"
          : null;
    } catch (ConnectionFailure e) {
      return "target unreachable (" + e.getMessage() + ")";
    } catch (SQLException e) {
      target.close();
      return "target unreachable (" + e.getMessage() + ")";
    }
  }

  private static String clock(Instant since) {
    return LocalTime.ofInstant(since.truncatedTo(ChronoUnit.SECONDS), ZoneId.systemDefault())
        .format(CLOCK);
  }

  private void closeSource() {
    if (source != null) {
      try {
        source.close();
      } catch (SQLException ignored) {
        // the connection is gone already
      }
      source = null;
    }
  }

  @Override
  public void close() {
    closeSource();
  }
}
