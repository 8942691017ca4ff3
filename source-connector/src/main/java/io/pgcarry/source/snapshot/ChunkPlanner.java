package io.pgcarry.source.snapshot;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts tables into chunks of about the same number of heap blocks. Tables come largest first, so
 * that the longest work starts early. Where ctid range scans are missing (before PostgreSQL 14), a
 * ctid condition would scan the whole table for every chunk: a table with a primary key is cut by
 * ranges of the key's first column instead, equal ranges of an integer column (as even as its keys
 * are dense) or, for any other type, ranges between quantiles of a sample of the table; a table
 * without a primary key is one chunk there. Stateless.
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

  /** How many chunks a table of that many blocks is worth, at least 1. */
  public int chunksFor(long blocks) {
    return (int)
        Math.max(1, Math.min(Integer.MAX_VALUE, (blocks + blocksPerChunk - 1) / blocksPerChunk));
  }

  /** The chunks of every table; the last chunk of a table has no upper bound. */
  public List<Chunk> plan(List<SnapshotTable> tables) {
    List<SnapshotTable> bySize = new ArrayList<>(tables);
    bySize.sort((a, b) -> Long.compare(b.blocks(), a.blocks()));
    List<Chunk> chunks = new ArrayList<>();
    for (SnapshotTable table : bySize) {
      if (table.blocks() <= blocksPerChunk) {
        chunks.add(Chunk.whole(table));
      } else if (tidRangeScans) {
        chunks.addAll(blockRanges(table));
      } else if (table.keys().orElse(null) instanceof SnapshotTable.KeyRange range) {
        chunks.addAll(keyRanges(table, range));
      } else if (table.keys().orElse(null) instanceof SnapshotTable.KeySample sample) {
        chunks.addAll(between(table, sample.column(), sample.bounds()));
      } else {
        chunks.addAll(blockRanges(table));
      }
    }
    return chunks;
  }

  /**
   * Ranges of a chunk's worth of blocks: TID ranges, the last open, or where they are missing
   * ranges of block slots, the last ending at the table's size.
   */
  private List<Chunk> blockRanges(SnapshotTable table) {
    int count = chunksFor(table.blocks());
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long from = i * blocksPerChunk;
      boolean last = i == count - 1;
      Chunk.Range range =
          tidRangeScans
              ? new Chunk.Blocks(from, last ? -1 : from + blocksPerChunk)
              : new Chunk.BlockSlots(from, last ? table.blocks() : from + blocksPerChunk);
      chunks.add(new Chunk(table, i + 1, count, range));
    }
    return chunks;
  }

  /**
   * Equal ranges of an integer key, one per chunk's worth of blocks, never more than its values.
   */
  private List<Chunk> keyRanges(SnapshotTable table, SnapshotTable.KeyRange keys) {
    BigInteger span =
        BigInteger.valueOf(keys.max()).subtract(BigInteger.valueOf(keys.min())).add(BigInteger.ONE);
    int count = span.min(BigInteger.valueOf(chunksFor(table.blocks()))).intValueExact();
    BigInteger step = span.add(BigInteger.valueOf(count - 1)).divide(BigInteger.valueOf(count));
    List<String> bounds = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      // Inner bounds only, each within the key's range.
      bounds.add(
          BigInteger.valueOf(keys.min()).add(step.multiply(BigInteger.valueOf(i))).toString());
    }
    return between(table, keys.column(), bounds);
  }

  /** One chunk below the first bound, one between each two, one from the last bound up. */
  private static List<Chunk> between(SnapshotTable table, String column, List<String> bounds) {
    if (bounds.isEmpty()) {
      return List.of(Chunk.whole(table));
    }
    int count = bounds.size() + 1;
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Optional<String> lower = i == 0 ? Optional.empty() : Optional.of(bounds.get(i - 1));
      Optional<String> upper = i == count - 1 ? Optional.empty() : Optional.of(bounds.get(i));
      chunks.add(new Chunk(table, i + 1, count, new Chunk.Keys(column, lower, upper)));
    }
    return chunks;
  }
}
