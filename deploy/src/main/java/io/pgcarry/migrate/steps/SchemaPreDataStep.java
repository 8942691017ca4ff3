package io.pgcarry.migrate.steps;

import io.pgcarry.migrate.SchemaWork;
import io.pgcarry.migrate.Step;
import java.util.List;

/**
 * Creates each target database when missing and everything the full load needs: schemas, types,
 * functions, tables, views, sequences... The keys of plain tables (primary keys, unique and
 * exclusion constraints, unique indexes, replica identity) are recorded instead, in the same
 * transaction, for the sink to build after each table's rows; those of partitioned tables, and
 * those a view needs, are created here.
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
