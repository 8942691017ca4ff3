package io.pgcarry.source.snapshot;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts tables into chunks of about the same number of heap blocks. Tables come largest first, so
 * that the longest work starts early. Where ctid range scans are missing (before PostgreSQL 14), a
 * ctid condition would scan the whole table for every chunk: a table with an integer primary key is
 * cut into equal ranges of its key instead (as even as its keys are dense), and any other table is
 * one chunk. Stateless.
 */
public final class ChunkPlanner {

  private final long blocksPerChunk;
  private final boolean tidRangeScans;

  /**
   * @param blocksPerChunk the target size of a chunk, at least 1
   * @param tidRangeScans whether the source has TID range scans (PostgreSQL 14 and later)
   */
  public ChunkPlanner(long blocksPerChunk, boolean tidRangeScans) {
    if (blocksPerChunk < 1) {
      throw new IllegalArgumentException("blocksPerChunk must be positive");
    }
    this.blocksPerChunk = blocksPerChunk;
    this.tidRangeScans = tidRangeScans;
  }

  /**
   * Whether a table of that many blocks is cut by key ranges, given a key, rather than read whole.
   */
  public boolean cutsByKey(long blocks) {
    return !tidRangeScans && blocks > blocksPerChunk;
  }

  /** The chunks of every table; the last chunk of a table has no upper bound. */
  public List<Chunk> plan(List<SnapshotTable> tables) {
    List<SnapshotTable> bySize = new ArrayList<>(tables);
    bySize.sort((a, b) -> Long.compare(b.blocks(), a.blocks()));
    List<Chunk> chunks = new ArrayList<>();
    for (SnapshotTable table : bySize) {
      if (table.blocks() <= blocksPerChunk) {
        chunks.add(new Chunk(table, 1, 1, -1, -1));
      } else if (tidRangeScans) {
        int count = (int) ((table.blocks() + blocksPerChunk - 1) / blocksPerChunk);
        for (int i = 0; i < count; i++) {
          long from = i * blocksPerChunk;
          long to = i == count - 1 ? -1 : from + blocksPerChunk;
          chunks.add(new Chunk(table, i + 1, count, from, to));
        }
      } else if (table.keys().isPresent()) {
        chunks.addAll(keyRanges(table, table.keys().get()));
      } else {
        chunks.add(new Chunk(table, 1, 1, -1, -1));
      }
    }
    return chunks;
  }

  /** Equal ranges of the key, one per chunk's worth of blocks, never more than there are keys. */
  private List<Chunk> keyRanges(SnapshotTable table, SnapshotTable.KeyRange keys) {
    BigInteger span =
        BigInteger.valueOf(keys.max()).subtract(BigInteger.valueOf(keys.min())).add(BigInteger.ONE);
    long wanted = (table.blocks() + blocksPerChunk - 1) / blocksPerChunk;
    int count = span.min(BigInteger.valueOf(wanted)).intValueExact();
    if (count < 2) {
      return List.of(new Chunk(table, 1, 1, -1, -1));
    }
    BigInteger step = span.add(BigInteger.valueOf(count - 1)).divide(BigInteger.valueOf(count));
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      BigInteger from = BigInteger.valueOf(keys.min()).add(step.multiply(BigInteger.valueOf(i)));
      BigInteger to = from.add(step);
      // The first chunk has no lower bound and the last no upper bound: only inner bounds are
      // written, and they lie within the key's range.
      chunks.add(
          new Chunk(
              table,
              i + 1,
              count,
              true,
              i == 0 ? keys.min() : from.longValueExact(),
              i == count - 1 ? keys.max() : to.longValueExact()));
    }
    return chunks;
  }
}
