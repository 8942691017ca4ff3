package io.pgcarry.sink.event;

import io.pgcarry.common.TableId;

/**
 * What one Kafka record asks of a target table: a row change ({@link ChangeEvent}) or rows of the
 * full load ({@link FullLoadRecord}). Immutable.
 */
public sealed interface Change permits ChangeEvent, FullLoadRecord {

  /** The source table, which the target table of the same name receives. */
  TableId table();

  /** Where the record is in Kafka. */
  RecordPosition position();
}
