package io.pgcarry.migrate;

/** The first step: every reason the migration would fail, before anything is created. */
final class PrecheckStep implements MigrationStep {

  private final SchemaWork schema;

  PrecheckStep(SchemaWork schema) {
    this.schema = schema;
  }

  @Override
  public Step step() {
    return Step.PRECHECK;
  }

  @Override
  public String description() {
    return "checking the source and the target";
  }

  /**
   * @throws PrecheckFailed when the precheck found errors
   */
  @Override
  public void run() throws Exception {
    schema.precheck();
  }
}
