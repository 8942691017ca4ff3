package io.pgcarry.migrate;

/**
 * Creates the target database when missing and everything the full load needs: schemas, types,
 * functions, tables with their keys and unique indexes, views, sequences...
 */
final class SchemaPreDataStep implements MigrationStep {

  private final SchemaWork schema;

  SchemaPreDataStep(SchemaWork schema) {
    this.schema = schema;
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
    schema.preData();
  }
}
