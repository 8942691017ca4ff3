package io.pgcarry.source.snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts tables into chunks of about the same number of heap blocks. Tables come largest first, so
 * that the longest work starts early. Where ctid range scans are missing (before PostgreSQL 14), a
 * ctid condition would scan the whole table for every chunk, so each table is one chunk. Stateless.
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

  /** The chunks of every table; the last chunk of a table has no upper bound. */
  public List<Chunk> plan(List<SnapshotTable> tables) {
    List<SnapshotTable> bySize = new ArrayList<>(tables);
    bySize.sort((a, b) -> Long.compare(b.blocks(), a.blocks()));
    List<Chunk> chunks = new ArrayList<>();
    for (SnapshotTable table : bySize) {
      if (!tidRangeScans || table.blocks() <= blocksPerChunk) {
        chunks.add(new Chunk(table, 1, 1, -1, -1));
        continue;
      }
      int count = (int) ((table.blocks() + blocksPerChunk - 1) / blocksPerChunk);
      for (int i = 0; i < count; i++) {
        long from = i * blocksPerChunk;
        long to = i == count - 1 ? -1 : from + blocksPerChunk;
        chunks.add(new Chunk(table, i + 1, count, from, to));
      }
    }
    return chunks;
  }
}
