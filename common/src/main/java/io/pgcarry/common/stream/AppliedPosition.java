package io.pgcarry.common.stream;

import io.pgcarry.common.Lsn;

/**
 * How far one Kafka partition has been applied: everything its row in the position table holds.
 *
 * @param topic topic name
 * @param partition partition number
 * @param nextOffset the offset of the next record to apply
 * @param sourceLsn the source LSN of the last change applied, or null when unknown
 * @param sourceCommitMillis the source commit time of the last change applied, or null
 * @param change the stream position of the last change applied that carried one, or null: a change
 *     at or before it in the source's stream is a replay
 * @param command the stream position of the last captured DDL command applied where the partition
 *     holds a copy of it ({@code seq} being the command's LSN), or null: a copy of a command at or
 *     before it is a resend
 * @param snapshot the partition's table's full load, or null when no full-load record was applied
 */
public record AppliedPosition(
    String topic,
    int partition,
    long nextOffset,
    Lsn sourceLsn,
    Long sourceCommitMillis,
    ChangePosition change,
    ChangePosition command,
    SnapshotProgress snapshot) {

  /** A partition nothing was applied from yet. */
  public static AppliedPosition start(String topic, int partition) {
    return new AppliedPosition(topic, partition, 0, null, null, null, null, null);
  }
}
