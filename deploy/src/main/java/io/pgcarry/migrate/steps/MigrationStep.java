package io.pgcarry.migrate.steps;

import io.pgcarry.migrate.Step;

/**
 * One named step of a migration ({@link Step}). The driver runs a step that is not finished yet,
 * recording when it started and finished; a step that a resumed migration finished before is only
 * resumed.
 */
public interface MigrationStep {

  /** Which step this is. */
  Step step();

  /** What the step does, one line for the operator. */
  String description();

  /** Does the step's work, returning when it is done. */
  void run() throws Exception;

  /**
   * Restores what later steps need from this one when a resumed migration finished it before. Does
   * nothing unless the step leaves something running.
   */
  default void resume() throws Exception {}
}
