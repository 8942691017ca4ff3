package io.pgcarry.migrate.steps;

import io.pgcarry.migrate.MigrationRun;
import io.pgcarry.migrate.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The end of a run without streaming, once the full load is on the targets and replication has
 * ended: each target gets what a cutover gives it ({@link TargetFinish}: sequences, materialized
 * views, foreign keys, pgcarry's bookkeeping removed unless kept).
 */
public final class FinishStep implements MigrationStep {

  private final MigrationRun run;
  private final List<DatabaseMigration> databases;
  private final Consumer<String> progress;
  private final List<String> done = new ArrayList<>();

  public FinishStep(
      MigrationRun run, List<DatabaseMigration> databases, Consumer<String> progress) {
    this.run = run;
    this.databases = List.copyOf(databases);
    this.progress = progress;
  }

  @Override
  public Step step() {
    return Step.FINISH;
  }

  @Override
  public String description() {
    return "copying sequence values, refreshing materialized views, validating foreign keys";
  }

  @Override
  public void run() throws Exception {
    for (DatabaseMigration database : databases) {
      for (String line : TargetFinish.run(database, run.keepBookkeeping())) {
        String named =
            databases.size() == 1 ? line : database.spec().source().database() + ": " + line;
        done.add(named);
        progress.accept(named);
      }
    }
  }

  /** What this run of the step did. */
  public List<String> done() {
    return List.copyOf(done);
  }
}
