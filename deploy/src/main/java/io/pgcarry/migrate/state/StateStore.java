package io.pgcarry.migrate.state;

import java.util.function.UnaryOperator;

/**
 * A migration's state, held for the steps of one run and written to the work directory whenever it
 * changes, so that a process killed at any moment resumes from the last change. Not thread-safe:
 * the driver and the step it runs use it from one thread.
 */
public final class StateStore {

  private final WorkDir workDir;
  private MigrationState state;

  /** The state the work directory holds, or the initial state for a new migration. */
  public StateStore(WorkDir workDir) {
    this.workDir = workDir;
    this.state = workDir.readState().orElse(MigrationState.initial());
  }

  public MigrationState state() {
    return state;
  }

  /** Applies a change and writes the result. */
  public MigrationState update(UnaryOperator<MigrationState> change) {
    state = change.apply(state);
    workDir.writeState(state);
    return state;
  }
}
