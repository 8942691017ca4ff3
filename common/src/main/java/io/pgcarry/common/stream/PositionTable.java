package io.pgcarry.common.stream;

import io.pgcarry.common.TableId;

/**
 * The table on the target in which pgcarry's sink stores, per migration, topic and partition, the
 * Kafka offset of the next record to apply and the source position of the last change applied,
 * written in the same transaction as the changes. The tools that run a migration read it to measure
 * lag and delete a migration's rows from it when they clean up.
 *
 * <p>Its columns: {@code migration}, {@code topic}, {@code partition}, {@code next_offset}, {@code
 * source_lsn}, {@code source_commit_ts}, {@code applied_at}; the sink's README has the whole
 * definition.
 */
public final class PositionTable {

  /** Where pgcarry keeps the positions: {@code pgcarry.applied_position}. */
  public static final TableId DEFAULT = new TableId("pgcarry", "applied_position");

  private PositionTable() {}
}
