package io.pgcarry.migrate.steps;

import io.pgcarry.migrate.SchemaWork;
import io.pgcarry.migrate.Step;
import java.util.List;

/**
 * Creates each target database when missing and everything the full load needs: schemas, types,
 * functions, tables with their keys and unique indexes, views, sequences...
 */
public final class SchemaPreDataStep implements MigrationStep {

  private final List<SchemaWork> databases;

  public SchemaPreDataStep(List<SchemaWork> databases) {
    this.databases = List.copyOf(databases);
  }

  @Override
  public Step step() {
    return Step.SCHEMA_PRE_DATA;
  }

  @Override
  public String description() {
    return "creating the target schema (pre-data)";
  }

  @Override
  public void run() throws Exception {
    for (SchemaWork database : databases) {
      database.preData();
    }
  }
}
