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
 * @param keys how its primary key's first column is cut, read in the snapshot only where the table
 *     is cut by key ranges (a source without TID range scans); empty otherwise
 */
public record SnapshotTable(
    TableId id, String topic, List<String> columns, long blocks, Optional<KeyCut> keys) {

  public SnapshotTable {
    columns = List.copyOf(columns);
  }

  /** A table without a key range. */
  public SnapshotTable(TableId id, String topic, List<String> columns, long blocks) {
    this(id, topic, columns, blocks, Optional.empty());
  }

  /** What the snapshot tells of the column a table is cut by. */
  public sealed interface KeyCut {

    /** The primary key's first column. */
    String column();
  }

  /**
   * The smallest and largest value of an integer key column, which is cut into equal ranges.
   *
   * @param column the key's column
   */
  public record KeyRange(String column, long min, long max) implements KeyCut {

    public KeyRange {
      if (min > max) {
        throw new IllegalArgumentException("min " + min + " > max " + max);
      }
    }
  }

  /**
   * Values of a key column of any other type that cut it into ranges of about as many rows each:
   * quantiles of a sample of the table's blocks, in the column's order, distinct, each a SQL
   * literal.
   *
   * @param column the key's column
   */
  public record KeySample(String column, List<String> bounds) implements KeyCut {

    public KeySample {
      bounds = List.copyOf(bounds);
    }
  }
}
