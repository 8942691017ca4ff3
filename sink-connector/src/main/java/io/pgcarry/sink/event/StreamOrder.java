package io.pgcarry.sink.event;

import io.pgcarry.common.Lsn;

/**
 * A streamed change's place in the source's change stream: the LSN of the last transaction the
 * source connector completed before it, then the change's own LSN (Debezium's {@code
 * source.sequence}). Changes leave the replication slot in commit order, so this pair grows
 * strictly along the stream, also across interleaved transactions, where the change LSN alone does
 * not. A change whose order is not above the last one applied for its table is a replay: the source
 * connector resends what it had sent but not yet committed when it crashed.
 *
 * <p>The first element is not stable for the transaction the source connector resumes in after a
 * restart: it then reports a later position than it did the first time. Changes of one transaction
 * ({@code source.txId}) are therefore compared by their own LSN alone, which is stable and grows
 * within a transaction.
 *
 * @param lastCommit the LSN of the previous completed transaction
 * @param lsn the change's LSN
 * @param txId the source transaction id, or 0 when unknown
 */
public record StreamOrder(Lsn lastCommit, Lsn lsn, long txId) implements Comparable<StreamOrder> {

  @Override
  public int compareTo(StreamOrder other) {
    if (txId != 0 && txId == other.txId) {
      return lsn.compareTo(other.lsn);
    }
    int byCommit = lastCommit.compareTo(other.lastCommit);
    return byCommit != 0 ? byCommit : lsn.compareTo(other.lsn);
  }

  /**
   * Parses Debezium's {@code source.sequence}, a JSON array of two decimal LSNs as strings, the
   * first of which may be null.
   *
   * @param txId the change's {@code source.txId}, or 0 when unknown
   * @return the order, or null when the text is not such an array
   */
  public static StreamOrder parse(String sequence, long txId) {
    if (sequence == null) {
      return null;
    }
    String body = sequence.strip();
    if (!body.startsWith("[") || !body.endsWith("]")) {
      return null;
    }
    String[] parts = body.substring(1, body.length() - 1).split(",");
    if (parts.length != 2) {
      return null;
    }
    Lsn commit = lsn(parts[0]);
    Lsn change = lsn(parts[1]);
    if (change == null) {
      return null;
    }
    return new StreamOrder(commit == null ? Lsn.ZERO : commit, change, txId);
  }

  private static Lsn lsn(String part) {
    String text = part.strip().replace("\"", "");
    if (text.isEmpty() || text.equals("null")) {
      return null;
    }
    try {
      return new Lsn(Long.parseUnsignedLong(text));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
