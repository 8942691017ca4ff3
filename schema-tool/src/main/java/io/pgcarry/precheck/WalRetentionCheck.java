package io.pgcarry.precheck;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Advice on {@code max_slot_wal_keep_size} (PostgreSQL 13 and later), the most WAL a slot may hold
 * back. Unbounded (-1), a stalled migration keeps all WAL until the source's disk fills; too small,
 * the slot is invalidated during the initial copy and the migration must start over.
 *
 * @see <a
 *     href="https://www.postgresql.org/docs/current/runtime-config-replication.html#GUC-MAX-SLOT-WAL-KEEP-SIZE">max_slot_wal_keep_size</a>
 */
final class WalRetentionCheck implements Check {

  static final String ID = "wal-retention";
  private static final String SETTING = "max_slot_wal_keep_size";
  private static final long GIB = 1L << 30;
  private static final PrecheckQuery SIZE = PrecheckQuery.load("database-size.sql");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Servers needs() {
    return Servers.SOURCE;
  }

  @Override
  public List<Finding> run(CheckContext context) throws SQLException {
    Optional<Long> limit = ServerSettings.read(context.source(), SETTING).bytes(SETTING);
    String object = "source setting " + SETTING;
    if (limit.isEmpty()) {
      return List.of(
          Finding.info(
              ID,
              object,
              "PostgreSQL "
                  + context.sourceInfo().majorText()
                  + " cannot cap the WAL a slot holds back (max_slot_wal_keep_size arrived in"
                  + " 13): watch the source's free disk space while the migration runs"));
    }
    long databaseBytes = SIZE.one(context.source(), row -> row.getLong("database_bytes"));
    long advised = Math.max(4 * GIB, roundUpToGib(2 * databaseBytes));
    String fix =
        "ALTER SYSTEM SET " + SETTING + " = '" + advised / GIB + "GB'; SELECT pg_reload_conf();";
    if (limit.get() < 0) {
      return List.of(
          Finding.warning(
              ID,
              object,
              "max_slot_wal_keep_size is -1 (unlimited): if the migration stalls, its slot keeps"
                  + " every WAL segment until the source's disk is full. Cap it below the free"
                  + " space of the WAL disk, for example at "
                  + Bytes.format(advised),
              fix));
    }
    long floor = Math.max(GIB, databaseBytes);
    if (limit.get() < floor) {
      return List.of(
          Finding.warning(
              ID,
              object,
              "max_slot_wal_keep_size is "
                  + Bytes.format(limit.get())
                  + ", less than "
                  + Bytes.format(floor)
                  + ": if the source writes more WAL than that while the initial copy runs, the"
                  + " slot is invalidated and the migration must start over",
              fix));
    }
    return List.of();
  }

  private static long roundUpToGib(long bytes) {
    return (bytes + GIB - 1) / GIB * GIB;
  }
}
