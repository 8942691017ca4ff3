package io.pgcarry.migrate.verify;

import io.pgcarry.common.stream.ChunkMarker;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Writes one chunk into the change stream from the source, in a transaction of its own that holds
 * the chunk's table in {@code SHARE} mode: its marker ({@link ChunkEmitter}), or its marker with
 * its rows ({@link ChunkRepairer}). Not thread-safe: one per connection.
 */
interface ChunkWriter {

  /**
   * Writes the chunk.
   *
   * @return the marker written, at its LSN; empty when the table's lock was not granted in time
   * @throws Refused when the chunk cannot be written at all; nothing was written
   */
  Optional<ChunkMarker> write(PlannedChunk chunk) throws SQLException, Refused;

  /** Opens a writer on a connection of its own to the source database. */
  @FunctionalInterface
  interface Opener {
    ChunkWriter open(Connection source) throws SQLException;
  }

  /** A chunk that cannot be written, and why. */
  final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason);
    }
  }
}
