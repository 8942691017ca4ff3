package io.pgcarry.migrate.probes;

import io.pgcarry.common.TableId;
import io.pgcarry.common.stream.DeferredKeyTable;
import io.pgcarry.migrate.MigrationSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The tables of a migration whose keys the sink has yet to build: the schema's pre-data recorded
 * them ({@link DeferredKeyTable}) for the sink to build once each table's rows are in. The full
 * load ends when none is left, since post-data's foreign keys need them. Not thread-safe.
 */
public final class KeysToBuild {

  /** The most tables a message names. */
  private static final int NAMED = 5;

  private final MigrationSpec spec;
  private final DeferredKeyTable keys;
  private final WatchSession target;

  /**
   * @param target the session on the target database, which the caller closes
   */
  public KeysToBuild(MigrationSpec spec, WatchSession target) {
    this.spec = spec;
    this.keys = DeferredKeyTable.beside(spec.positionTable());
    this.target = target;
  }

  /**
   * The target tables whose keys are not built yet, in name order; none when pre-data recorded
   * none.
   *
   * @throws io.pgcarry.common.ConnectionFailure when the target cannot be reached
   */
  public List<TableId> tables() throws SQLException {
    Connection connection = target.get();
    if (!keys.exists(connection)) {
      return List.of();
    }
    return keys.read(connection, spec.name()).stream()
        .map(DeferredKeyTable.DeferredKey::table)
        .distinct()
        .sorted()
        .toList();
  }

  /** What a run waits for, e.g. {@code building the keys of 1 table: public.accounts}. */
  public static String waitingFor(List<String> tables) {
    StringBuilder out =
        new StringBuilder("building the keys of ")
            .append(tables.size())
            .append(tables.size() == 1 ? " table: " : " tables: ")
            .append(String.join(", ", tables.subList(0, Math.min(NAMED, tables.size()))));
    if (tables.size() > NAMED) {
      out.append(" and ").append(tables.size() - NAMED).append(" more");
    }
    return out.toString();
  }
}
