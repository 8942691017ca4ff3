package io.pgcarry.migrate.verify;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.stream.ChunkMarker;
import io.pgcarry.common.verify.ChunkResultTable.ChunkResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tallies one table's chunks into its verdict: matched, differing, pending, and, once the
 * verification finished, why a chunk without a verdict has none. Not thread-safe: one per table and
 * report.
 */
final class VerdictTally {

  private final boolean finished;
  private final Duration lockTimeout;
  private int chunks;
  private int matched;
  private int pending;
  private long rows;
  private Lsn first;
  private Lsn last;
  private final List<OnlineVerifyReport.ChunkDifference> differing = new ArrayList<>();
  private final List<String> unverified = new ArrayList<>();

  /**
   * @param finished whether the verification ended, so a chunk without a verdict gets its reason
   * @param lockTimeout how long each attempt waited for the table's lock, for that reason
   */
  VerdictTally(boolean finished, Duration lockTimeout) {
    this.finished = finished;
    this.lockTimeout = lockTimeout;
  }

  /**
   * Adds a chunk.
   *
   * @param marker its marker, or null when it was not written
   * @param result the sink's comparison, or null when none arrived
   * @param attempts how many times the source tried to lock its table
   * @param refused why the chunk could not be written, or null
   */
  void add(
      PlannedChunk chunk, ChunkMarker marker, ChunkResult result, int attempts, String refused) {
    chunks++;
    if (marker == null || result == null) {
      pending++;
      if (finished) {
        unverified.add(
            refused != null
                ? chunk.describe() + ": " + refused
                : marker == null
                    ? chunk.describe()
                        + ": the table's lock was not granted within "
                        + lockTimeout.toMillis()
                        + " ms in "
                        + attempts
                        + " attempts"
                    : chunk.describe()
                        + " at LSN "
                        + marker.lsn()
                        + ": the sink did not compare it in time");
      }
    } else if (result.matches()) {
      matched++;
      rows += marker.source().rows();
      Lsn lsn = marker.lsn();
      first = first == null || lsn.compareTo(first) < 0 ? lsn : first;
      last = last == null || lsn.compareTo(last) > 0 ? lsn : last;
    } else {
      differing.add(
          new OnlineVerifyReport.ChunkDifference(
              chunk.number(),
              chunk.describe(),
              marker.key(),
              chunk.range().from(),
              chunk.range().to(),
              marker.lsn().toString(),
              marker.source().rows(),
              result.target().rows(),
              null));
    }
  }

  /** The verdict of the chunks added. */
  OnlineVerifyReport.TableVerdict verdict(String table, String targetTable) {
    return new OnlineVerifyReport.TableVerdict(
        table,
        targetTable,
        chunks,
        matched,
        rows,
        first == null ? null : first.toString(),
        last == null ? null : last.toString(),
        pending,
        differing,
        unverified);
  }
}
