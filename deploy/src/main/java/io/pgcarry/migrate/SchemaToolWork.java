package io.pgcarry.migrate;

import io.pgcarry.common.ConnectionFailure;
import io.pgcarry.common.TableId;
import io.pgcarry.common.TableSelection;
import io.pgcarry.precheck.Level;
import io.pgcarry.precheck.Precheck;
import io.pgcarry.precheck.PrecheckReport;
import io.pgcarry.precheck.PrecheckSettings;
import io.pgcarry.schema.Phase;
import io.pgcarry.schema.SchemaMigrator;
import io.pgcarry.schema.SchemaOptions;
import io.pgcarry.schema.SchemaReport;
import io.pgcarry.schema.TargetDatabase;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The schema tool's work inside a migration: the precheck, pre-data before the load, post-data
 * after it, foreign-key validation at cutover. Not thread-safe.
 */
public final class SchemaToolWork implements SchemaWork {

  private final MigrationSpec spec;
  private final SchemaMigrator migrator;
  private final Consumer<String> progress;

  public SchemaToolWork(MigrationSpec spec, Consumer<String> progress) {
    this.spec = spec;
    this.progress = progress;
    this.migrator =
        new SchemaMigrator(
            new SchemaOptions(
                spec.source(),
                spec.target(),
                spec.includes(),
                spec.excludes(),
                Optional.empty(),
                true));
  }

  @Override
  public void precheck() {
    PrecheckReport report =
        new Precheck(
                spec.source(),
                spec.target(),
                new TableSelection(spec.includes(), spec.excludes()),
                PrecheckSettings.forMigration(spec.name()))
            .run();
    // An unreachable server is a connection failure, not a list of findings.
    report.findings().stream()
        .filter(f -> f.level() == Level.ERROR && f.check().equals("connectivity"))
        .findFirst()
        .ifPresent(
            f -> {
              throw new ConnectionFailure(f.message(), null);
            });
    if (report.hasErrors()) {
      report.toText().lines().forEach(progress);
      throw new PrecheckFailed(
          "precheck found errors; fix them (see above, or run `pgcarry precheck`) and run migrate"
              + " again");
    }
    progress.accept("precheck passed");
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
