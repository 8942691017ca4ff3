package io.pgcarry.migrate.verify;

/**
 * What the online verification knows of the migration it verifies, while it waits for the sink's
 * comparisons. A {@code migrate} that stopped (killed, crashed, restarted by the operator) is not
 * the end of a verification: its markers stay in the replication slot, and the restarted connectors
 * carry them to the sink, which compares each one once. Only a migration that left streaming for
 * good ends the wait early.
 */
public interface MigrationWatch {

  /** Whether {@code migrate} runs and streams, so that the sink compares chunks now. */
  boolean streaming();

  /** Whether the migration left streaming for good (cut over, or cutting over). */
  boolean ended();
}
