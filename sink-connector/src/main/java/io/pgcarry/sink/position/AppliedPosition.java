package io.pgcarry.sink.position;

import io.pgcarry.common.Lsn;
import io.pgcarry.sink.event.StreamMark;

/**
 * How far one Kafka partition has been applied.
 *
 * @param topic topic name
 * @param partition partition number
 * @param nextOffset the offset of the next record to apply
 * @param sourceLsn the source LSN of the last change applied, or null when unknown
 * @param sourceCommitMillis the source commit time of the last change applied, or null
 * @param streamMark the last streamed change applied, or null when unchanged or unknown
 */
public record AppliedPosition(
    String topic,
    int partition,
    long nextOffset,
    Lsn sourceLsn,
    Long sourceCommitMillis,
    StreamMark streamMark) {}
