package io.pgcarry.schema;

import io.pgcarry.common.TableId;
import io.pgcarry.common.stream.DeferredKeyTable;
import java.util.Objects;

/**
 * A pre-data run's request to leave a migration's keys out and record them instead, so that the
 * full load fills tables without maintaining them and the sink builds each table's keys once its
 * rows are in (as pg_dump builds them after the data). Immutable.
 *
 * @param migration the migration the keys are recorded for
 * @param positionTable the sink's applied position table; the keys are recorded beside it ({@link
 *     DeferredKeyTable#beside})
 */
public record KeyDeferral(String migration, TableId positionTable) {

  public KeyDeferral {
    Objects.requireNonNull(migration, "migration");
    Objects.requireNonNull(positionTable, "positionTable");
  }

  /** Where the keys are recorded. */
  public DeferredKeyTable table() {
    return DeferredKeyTable.beside(positionTable);
  }
}
