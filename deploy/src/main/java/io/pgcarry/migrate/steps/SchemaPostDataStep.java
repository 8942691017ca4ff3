package io.pgcarry.migrate.steps;

import io.pgcarry.common.sql.SqlStates;
import io.pgcarry.migrate.SchemaWork;
import io.pgcarry.migrate.Step;
import io.pgcarry.schema.SchemaFailure;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Creates the post-data objects once the full load is applied: non-unique indexes, triggers, and
 * foreign keys {@code NOT VALID} (validated at cutover).
 *
 * <p>The sink keeps applying changes meanwhile. Building an index locks its table against writes,
 * so the run and the sink can deadlock; the run is one transaction that rolls back whole, so a lock
 * conflict ({@link SqlStates#isLockConflict}) is retried, at most five times.
 */
public final class SchemaPostDataStep implements MigrationStep {

  private static final int ATTEMPTS = 5;

  private final List<DatabaseMigration> databases;
  private final Consumer<String> progress;

  public SchemaPostDataStep(List<DatabaseMigration> databases, Consumer<String> progress) {
    this.databases = List.copyOf(databases);
    this.progress = progress;
  }

  @Override
  public Step step() {
    return Step.SCHEMA_POST_DATA;
  }

  @Override
  public String description() {
    return "creating non-unique indexes, triggers and foreign keys (post-data)";
  }

  @Override
  public void run() throws Exception {
    for (DatabaseMigration database : databases) {
      postData(database.schema());
    }
  }

  private void postData(SchemaWork schema) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        schema.postData();
        return;
      } catch (SchemaFailure e) {
        if (attempt == ATTEMPTS
            || !(e.getCause() instanceof SQLException sql)
            || !SqlStates.isLockConflict(sql.getSQLState())) {
          throw e;
        }
        progress.accept("post-data met a lock conflict with the sink; retrying");
        Thread.sleep(1000L * attempt);
      }
    }
  }
}
