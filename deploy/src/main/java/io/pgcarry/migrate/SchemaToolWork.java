package io.pgcarry.migrate;

import io.pgcarry.common.ConnectionFailure;
import io.pgcarry.common.TableId;
import io.pgcarry.precheck.Level;
import io.pgcarry.precheck.Precheck;
import io.pgcarry.precheck.PrecheckReport;
import io.pgcarry.precheck.PrecheckSettings;
import io.pgcarry.schema.Phase;
import io.pgcarry.schema.SchemaMigrator;
import io.pgcarry.schema.SchemaOptions;
import io.pgcarry.schema.SchemaReport;
import io.pgcarry.schema.TargetDatabase;
import io.pgcarry.schema.catalog.MappingConflict;
import io.pgcarry.schema.plan.SelectionConflict;
import java.util.List;
import java.util.function.Consumer;

/**
 * The schema tool's work inside a migration of one database: the precheck (with the schema planned
 * under the mapping, so that a dependent object that cannot follow a rename stops the run before
 * anything is created), pre-data before the load, post-data after it, foreign-key validation at
 * cutover. Pre-data leaves the keys of plain tables out and records them for the sink, which builds
 * each table's after its rows: a migration's full load is always pgcarry's COPY format, whose end
 * per table the sink sees (Debezium's own snapshot would arrive as changes that need the keys). Not
 * thread-safe.
 */
public final class SchemaToolWork implements SchemaWork {

  private final MigrationSpec spec;
  private final PrecheckSettings settings;
  private final SchemaMigrator migrator;
  private final Consumer<String> progress;

  /**
   * @param run the run the database belongs to: whether it streams, how many slots it needs
   */
  public SchemaToolWork(MigrationSpec spec, MigrationRun run, Consumer<String> progress) {
    this.spec = spec;
    this.progress = progress;
    PrecheckSettings base =
        PrecheckSettings.forMigration(spec.name())
            .withMapping(spec.mapping())
            .withSlots(run.databases().size());
    PrecheckSettings streaming = run.ddl().capture() ? base.withDdlCapture() : base;
    this.settings = run.streaming() ? streaming : base.withoutStreaming();
    SchemaOptions options =
        new SchemaOptions(
            spec.source(), spec.target(), spec.includes(), spec.excludes(), spec.mapping(), true);
    this.migrator = new SchemaMigrator(options.withKeysDeferred(spec.name(), spec.positionTable()));
  }

  @Override
  public void precheck() {
    PrecheckReport report =
        new Precheck(spec.source(), spec.target(), spec.selection(), settings).run();
    // An unreachable server is a connection failure, not a list of findings.
    report.findings().stream()
        .filter(f -> f.level() == Level.ERROR && f.check().equals("connectivity"))
        .findFirst()
        .ifPresent(
            f -> {
              throw new ConnectionFailure(f.message(), null);
            });
    String planned = plannedSchema();
    if (report.hasErrors() || planned != null) {
      report.toText().lines().forEach(progress);
      if (planned != null) {
        progress.accept("the schema cannot be created as the mapping asks: " + planned);
      }
      throw new PrecheckFailed(
          "precheck found errors in "
              + spec.source().database()
              + "; fix them (see above, or run `pgcarry precheck`) and run migrate again");
    }
    progress.accept("precheck passed");
  }

  /** Why the schema cannot be planned under the mapping and selection, or null when it can. */
  private String plannedSchema() {
    try {
      migrator.run(Phase.ALL, true);
      return null;
    } catch (MappingConflict | SelectionConflict e) {
      return e.getMessage();
    }
  }

  @Override
  public void preData() {
    if (TargetDatabase.ensureExists(spec.source(), spec.target())) {
      progress.accept("created target database " + spec.target().database());
    }
    report(migrator.run(Phase.PRE_DATA, false));
  }

  @Override
  public List<TableId> selectedTables() {
    return migrator.selectedTables();
  }

  @Override
  public void postData() {
    report(migrator.run(Phase.POST_DATA, false));
  }

  @Override
  public void validateForeignKeys() {
    migrator.validateForeignKeys();
  }

  private void report(SchemaReport report) {
    report.toText().lines().forEach(progress);
  }
}
