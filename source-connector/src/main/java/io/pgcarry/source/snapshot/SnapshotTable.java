package io.pgcarry.source.snapshot;

import io.pgcarry.common.TableId;
import java.util.List;
import java.util.Optional;

/**
 * A table the full load reads.
 *
 * @param id the source table
 * @param topic its change topic
 * @param columns the columns read, in table order
 * @param blocks the table's heap size in blocks when the snapshot was taken
 * @param keys the range of its integer primary key in the snapshot, read only where the table is
 *     cut by key ranges (a source without TID range scans); empty otherwise
 */
public record SnapshotTable(
    TableId id, String topic, List<String> columns, long blocks, Optional<KeyRange> keys) {

  public SnapshotTable {
    columns = List.copyOf(columns);
  }

  /** A table without a key range. */
  public SnapshotTable(TableId id, String topic, List<String> columns, long blocks) {
    this(id, topic, columns, blocks, Optional.empty());
  }

  /**
   * The smallest and largest value of a table's integer primary key.
   *
   * @param column the key's column
   */
  public record KeyRange(String column, long min, long max) {

    public KeyRange {
      if (min > max) {
        throw new IllegalArgumentException("min " + min + " > max " + max);
      }
    }
  }
}
