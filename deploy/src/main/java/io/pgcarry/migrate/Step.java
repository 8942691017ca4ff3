package io.pgcarry.migrate;

import java.util.Locale;

/** The named steps of a migration, in order. A restarted migration resumes at its current step. */
public enum Step {
  /** Nothing done yet. */
  NEW,
  /**
   * Every reason the migration would fail is looked for; errors stop it before anything is done.
   */
  PRECHECK,
  /** Target database exists; tables, types, functions, views... are created. */
  SCHEMA_PRE_DATA,
  /** Connectors deployed; the snapshot is flowing through Kafka into the target. */
  FULL_LOAD,
  /** Non-unique indexes, triggers and foreign keys are being created. */
  SCHEMA_POST_DATA,
  /** Changes committed on the source stream to the target. */
  STREAMING,
  /** Waiting for the target to have every change, then ending replication. */
  CUTOVER,
  /**
   * Without streaming: sequence values copied, materialized views refreshed, foreign keys
   * validated, once the full load is on the target and replication has ended.
   */
  FINISH,
  /** Without streaming: every table compared on both sides. */
  VERIFY,
  /**
   * After a cutover with fallback: changes committed on the new server stream back to the old one,
   * until {@code pgcarry fallback} or {@code pgcarry finish} ends it.
   */
  REVERSE_STREAMING,
  /**
   * Cut over (or, without streaming, verified): connectors removed, slot and publication dropped.
   */
  DONE;

  /** The name shown to operators, e.g. {@code full-load}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
