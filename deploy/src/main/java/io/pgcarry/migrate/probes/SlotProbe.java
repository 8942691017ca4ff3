package io.pgcarry.migrate.probes;

import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.migrate.MigrationSpec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Measures the migration's replication slot on the source ({@code slot-wal.sql}): its confirmed
 * position against the current WAL position, and the WAL it retains, judged against {@link
 * WalThresholds}. Not thread-safe.
 */
public final class SlotProbe {

  private static final SqlResource SLOT_WAL = SqlResource.load(SlotProbe.class, "slot-wal.sql");

  private final MigrationSpec spec;
  private final WalThresholds thresholds;
  private final WatchSession source;

  /**
   * @param source the session on the source database, which the caller closes
   */
  public SlotProbe(MigrationSpec spec, WalThresholds thresholds, WatchSession source) {
    this.spec = spec;
    this.thresholds = thresholds;
    this.source = source;
  }

  /** The slot now, or empty while it does not exist (before the full load, after cutover). */
  Optional<SlotPosition> measure() throws SQLException {
    try (PreparedStatement statement = source.get().prepareStatement(SLOT_WAL.text())) {
      statement.setString(1, spec.slotName());
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next() || rs.getString(2) == null) {
          return Optional.empty();
        }
        long retained = rs.getLong(4);
        String walStatus = rs.getString(5);
        Long safe = (Long) rs.getObject(6, Long.class);
        Long maxKeep = (Long) rs.getObject(7, Long.class);
        WalThresholds.Level level = thresholds.level(retained, walStatus, maxKeep);
        return Optional.of(
            new SlotPosition(
                rs.getString(1),
                rs.getString(2),
                Math.max(0, rs.getLong(3)),
                Math.max(0, retained),
                walStatus,
                safe,
                maxKeep,
                level,
                WalThresholds.advice(level, walStatus)));
      }
    }
  }
}
