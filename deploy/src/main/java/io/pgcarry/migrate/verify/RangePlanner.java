package io.pgcarry.migrate.verify;

import io.pgcarry.common.verify.KeyRange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a table into the key ranges the online verification checks one at a time, each about {@code
 * rowsPerChunk} rows: equal ranges of an integer primary key between its smallest and largest value
 * (as even in rows as the keys are dense), the way the full load cuts such a table before
 * PostgreSQL 14 (the source connector's {@code ChunkPlanner}). The first range has no lower bound
 * and the last no upper bound, so rows inserted outside the bounds read at planning belong to a
 * range too. A table without such a key, or an empty one, is one chunk: the whole table, which is
 * then held in {@code SHARE} mode for as long as it takes to read it whole. Stateless.
 */
public final class RangePlanner {

  private final long rowsPerChunk;

  /**
   * @param rowsPerChunk the rows a chunk should hold, at least 1
   */
  public RangePlanner(long rowsPerChunk) {
    if (rowsPerChunk < 1) {
      throw new IllegalArgumentException("rowsPerChunk must be positive, was " + rowsPerChunk);
    }
    this.rowsPerChunk = rowsPerChunk;
  }

  /** The ranges of a table, in key order; {@link KeyRange#ALL} alone for one chunk. */
  public List<KeyRange> plan(TableToVerify table) {
    if (table.key() == null || table.minKey() == null) {
      return List.of(KeyRange.ALL);
    }
    BigInteger min = BigInteger.valueOf(table.minKey());
    BigInteger span = BigInteger.valueOf(table.maxKey()).subtract(min).add(BigInteger.ONE);
    // Without an estimate (a table never analyzed), the keys are taken as dense.
    BigInteger rows = table.estimatedRows() >= 0 ? BigInteger.valueOf(table.estimatedRows()) : span;
    BigInteger per = BigInteger.valueOf(rowsPerChunk);
    BigInteger wanted = rows.add(per).subtract(BigInteger.ONE).divide(per);
    BigInteger count = wanted.min(span);
    if (count.compareTo(BigInteger.TWO) < 0) {
      return List.of(KeyRange.ALL);
    }
    BigInteger step = span.add(count).subtract(BigInteger.ONE).divide(count);
    List<KeyRange> ranges = new ArrayList<>();
    BigInteger max = BigInteger.valueOf(table.maxKey());
    for (BigInteger from = min; from.compareTo(max) <= 0; from = from.add(step)) {
      BigInteger to = from.add(step);
      boolean last = to.compareTo(max) > 0;
      ranges.add(
          new KeyRange(
              ranges.isEmpty() ? null : from.longValueExact(), last ? null : to.longValueExact()));
    }
    return ranges.size() < 2 ? List.of(KeyRange.ALL) : List.copyOf(ranges);
  }
}
