package io.pgcarry.source.snapshot;

import io.pgcarry.common.TableId;
import java.util.List;

/**
 * A table the full load reads.
 *
 * @param id the source table
 * @param topic its change topic
 * @param columns the columns read, in table order
 * @param blocks the table's heap size in blocks when the snapshot was taken
 */
public record SnapshotTable(TableId id, String topic, List<String> columns, long blocks) {

  public SnapshotTable {
    columns = List.copyOf(columns);
  }
}
