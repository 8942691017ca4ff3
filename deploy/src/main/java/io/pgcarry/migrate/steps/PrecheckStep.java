package io.pgcarry.migrate.steps;

import io.pgcarry.migrate.PrecheckFailed;
import io.pgcarry.migrate.SchemaWork;
import io.pgcarry.migrate.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * The first step: every reason the migration of each database would fail, before anything is
 * created. Every database is checked, so the operator sees all the problems at once.
 */
public final class PrecheckStep implements MigrationStep {

  private final List<SchemaWork> databases;

  public PrecheckStep(List<SchemaWork> databases) {
    this.databases = List.copyOf(databases);
  }

  @Override
  public Step step() {
    return Step.PRECHECK;
  }

  @Override
  public String description() {
    return databases.size() == 1
        ? "checking the source and the target"
        : "checking the sources and the targets of " + databases.size() + " databases";
  }

  /**
   * @throws PrecheckFailed when the precheck of any database found errors
   */
  @Override
  public void run() throws Exception {
    List<PrecheckFailed> failed = new ArrayList<>();
    for (SchemaWork database : databases) {
      try {
        database.precheck();
      } catch (PrecheckFailed e) {
        failed.add(e);
      }
    }
    if (!failed.isEmpty()) {
      throw failed.get(0);
    }
  }
}
