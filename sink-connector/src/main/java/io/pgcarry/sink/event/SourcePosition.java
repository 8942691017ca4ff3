package io.pgcarry.sink.event;

import io.pgcarry.common.Lsn;

/**
 * Where a change came from in the source's write-ahead log.
 *
 * @param lsn the change's LSN ({@code source.lsn}), or null when the event has none
 * @param commitTimeMillis the source transaction's commit time in epoch milliseconds ({@code
 *     source.ts_ms}), or null
 * @param order the change's place in the change stream, or null for snapshot reads and events
 *     without {@code source.sequence}
 */
public record SourcePosition(Lsn lsn, Long commitTimeMillis, StreamOrder order) {

  public static final SourcePosition NONE = new SourcePosition(null, null, null);
}
