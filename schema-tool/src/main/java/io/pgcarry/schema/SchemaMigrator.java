package io.pgcarry.schema;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.stream.DeferredKeyTable;
import io.pgcarry.schema.apply.Applier;
import io.pgcarry.schema.apply.ExtensionCheck;
import io.pgcarry.schema.apply.ParallelIndexes;
import io.pgcarry.schema.apply.RoleCheck;
import io.pgcarry.schema.catalog.Catalog;
import io.pgcarry.schema.catalog.CatalogReader;
import io.pgcarry.schema.catalog.ForeignKeyConstraint;
import io.pgcarry.schema.catalog.ObjectAccess;
import io.pgcarry.schema.catalog.SkippedObject;
import io.pgcarry.schema.ddl.ObjectKind;
import io.pgcarry.schema.ddl.SchemaObject;
import io.pgcarry.schema.ddl.TargetNames;
import io.pgcarry.schema.plan.AccessPlanner;
import io.pgcarry.schema.plan.KeysAfterRows;
import io.pgcarry.schema.plan.ObjectComparison;
import io.pgcarry.schema.plan.SchemaPlan;
import io.pgcarry.schema.plan.SchemaPlanner;
import io.pgcarry.schema.plan.Selection;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Creates the source's schema on the target: reads the source catalog, selects and renames per the
 * options, orders by dependencies, compares with what the target already has, and creates the rest
 * in one transaction per run; a post-data run first builds its non-unique indexes on several
 * connections ({@link ParallelIndexes}), each committed on its own. A pre-data run of a migration
 * may leave tables' keys out and record them instead, in the same transaction, for the sink to
 * build after each table's rows ({@link SchemaOptions#withKeysDeferred}, {@link KeysAfterRows}).
 * Re-running is safe: objects that exist and match are skipped, objects that exist but differ are
 * reported and left alone.
 *
 * <p>Not thread-safe; each call opens and closes its own connections.
 */
public final class SchemaMigrator {

  private final SchemaOptions options;
  private final NameMapping mapping;
  private final Selection selection;
  private final AccessPlanner sourceAccess;
  private final AccessPlanner targetAccess;

  /**
   * @throws IllegalArgumentException when a pattern is invalid
   */
  public SchemaMigrator(SchemaOptions options) {
    this.options = options;
    this.mapping = options.mapping();
    this.selection = new Selection(options.includes(), options.excludes());
    this.sourceAccess =
        new AccessPlanner(
            options.owners(),
            options.privileges(),
            options.roles()::target,
            new TargetNames(mapping));
    this.targetAccess =
        new AccessPlanner(
            options.owners(), options.privileges(), role -> role, TargetNames.identity());
  }

  /**
   * Creates the objects of a phase on the target (creating the target database first when it is
   * missing), or, in a dry run, only reports what it would run.
   *
   * @throws SchemaFailure when an object cannot be created; nothing of the run is committed but the
   *     indexes of a post-data run built before the failure
   */
  public SchemaReport run(Phase phase, boolean dryRun) {
    long start = System.nanoTime();
    SourceRead read = readSource(options.deferForeignKeyValidation());
    Catalog catalog = read.catalog();
    SchemaPlan plan = SchemaPlanner.plan(catalog, selection);
    if (sourceAccess.active()) {
      requireRoles(plan, phase, read.access());
    }
    if (!dryRun) {
      TargetDatabase.ensureExists(options.source(), options.target());
    }
    Catalog targetCatalog = targetCatalog();
    Set<String> schemas = new HashSet<>(List.of("pg_catalog", "public"));
    for (Catalog side : List.of(catalog, targetCatalog)) {
      side.objects().stream()
          .filter(o -> o.kind() == ObjectKind.SCHEMA)
          .forEach(o -> schemas.add(o.schema()));
    }
    schemas.addAll(mapping.schemas().values());
    ObjectComparison comparison = new ObjectComparison(schemas);
    Map<String, String> existing = new HashMap<>();
    for (SchemaObject object : targetCatalog.objects()) {
      existing.put(object.key(), comparison.comparable(object));
    }
    List<SchemaObject> toCreate = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<SchemaReport.Difference> differing = new ArrayList<>();
    List<String> warnings = new ArrayList<>(catalog.warnings());
    warnings.addAll(plan.warnings());
    Set<SchemaObject> heldBack = new HashSet<>();
    for (SchemaObject object : plan.objects()) {
      if (!phase.includes(object.kind().section())) {
        continue;
      }
      String present = existing.get(object.key());
      Optional<SchemaObject> blocker =
          plan.needsOf(object).stream().filter(heldBack::contains).findFirst();
      if (present == null && blocker.isPresent()) {
        heldBack.add(object);
        warnings.add(
            "not created: "
                + object.describe()
                + ", because "
                + blocker.get().describe()
                + " is not as the source has it");
      } else if (present == null) {
        toCreate.add(object);
      } else if (present.equals(comparison.comparable(object))) {
        skipped.add(object.describe());
      } else {
        heldBack.add(object);
        differing.add(new SchemaReport.Difference(object.describe(), object.script(), present));
      }
    }
    KeysAfterRows deferred = keysAfterRows(phase, plan, toCreate, catalog);
    List<String> created = new ArrayList<>();
    List<String> deferredNames = new ArrayList<>();
    StringBuilder script = new StringBuilder();
    for (SchemaObject object : toCreate) {
      if (deferred.defers(object)) {
        deferredNames.add(object.describe());
        script.append(deferredScript(object));
      } else {
        created.add(object.describe());
        script.append(object.script());
      }
      script.append('\n');
    }
    toCreate.removeIf(deferred::defers);
    if (!dryRun && (!toCreate.isEmpty() || !deferred.isEmpty())) {
      try (Connection target = Connections.open(options.target(), "target")) {
        ExtensionCheck.requireAvailable(target, toCreate);
        List<SchemaObject> indexes =
            toCreate.stream().filter(ParallelIndexes::buildsInParallel).toList();
        // In a post-data run the tables exist, committed: the builds can run on other connections.
        if (phase == Phase.POST_DATA && indexes.size() > 1) {
          ParallelIndexes.build(options.target(), indexes);
          toCreate.removeAll(indexes);
        }
        new Applier(target).apply(toCreate, record(deferred));
      } catch (SQLException e) {
        throw new SchemaFailure("cannot close the target connection: " + e.getMessage(), e);
      }
    }
    return new SchemaReport(
        phase,
        dryRun,
        created,
        deferredNames,
        skipped,
        differing,
        unsupported(catalog, plan),
        warnings,
        script.toString(),
        (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * The keys of a pre-data run that defers them ({@link SchemaOptions#keyDeferral()}) built after
   * their tables' rows; none in any other run.
   */
  private KeysAfterRows keysAfterRows(
      Phase phase, SchemaPlan plan, List<SchemaObject> toCreate, Catalog catalog) {
    if (phase != Phase.PRE_DATA || options.keyDeferral().isEmpty()) {
      return KeysAfterRows.NONE;
    }
    return KeysAfterRows.choose(plan, toCreate, catalog.partitioned(), new TargetNames(mapping));
  }

  /**
   * Records the deferred keys, creating the table that holds them when missing, in the transaction
   * that creates the rest of pre-data: the keys are recorded exactly when their tables exist.
   */
  private Applier.Then record(KeysAfterRows deferred) {
    if (deferred.isEmpty()) {
      return Applier.Then.NOTHING;
    }
    KeyDeferral deferral = options.keyDeferral().orElseThrow();
    DeferredKeyTable table = deferral.table();
    return new Applier.Then(
        "record the keys built after the tables' rows in " + table,
        connection -> {
          table.create(connection);
          table.write(connection, deferral.migration(), deferred.keys());
        });
  }

  /** A deferred key in the script: where it would have been created, commented out. */
  private static String deferredScript(SchemaObject object) {
    StringBuilder out =
        new StringBuilder("-- deferred: built after the table's full load, before its changes\n");
    object.script().lines().forEach(line -> out.append("-- ").append(line).append('\n'));
    return out.toString();
  }

  /**
   * The source tables selected, by their source names, for the change-data-capture connector's
   * table list. Partitions are listed with their partitioned tables.
   */
  public List<TableId> selectedTables() {
    Catalog catalog = readSource(false).catalog();
    SchemaPlan plan = SchemaPlanner.plan(catalog, selection);
    return plan.objects().stream()
        .filter(o -> o.kind() == ObjectKind.TABLE)
        .map(o -> o.table().orElseThrow())
        .sorted()
        .toList();
  }

  /**
   * Validates the foreign keys that the source has valid but the target holds {@code NOT VALID}
   * (created so by {@link SchemaOptions#deferForeignKeyValidation()}). Run it once source and
   * target hold the same data. Idempotent.
   *
   * @return the foreign keys validated, as {@code name ON table}
   * @throws SchemaFailure naming the foreign key that does not hold on the target
   */
  public List<String> validateForeignKeys() {
    Catalog source = readSource(false).catalog();
    Set<String> validOnSource = new HashSet<>();
    for (SchemaObject object : SchemaPlanner.plan(source, selection).objects()) {
      if (object.kind() == ObjectKind.FOREIGN_KEY) {
        source
            .foreignKey(object.name())
            .filter(ForeignKeyConstraint::validated)
            .ifPresent(fk -> validOnSource.add(fk.objectName()));
      }
    }
    List<String> validated = new ArrayList<>();
    try (Connection target = Connections.open(options.target(), "target");
        Statement statement = target.createStatement()) {
      Catalog catalog = new CatalogReader(target, TargetNames.identity(), false).read();
      for (ForeignKeyConstraint fk : catalog.foreignKeys()) {
        if (!fk.validated() && validOnSource.contains(fk.objectName())) {
          try {
            statement.execute(fk.validateStatement());
          } catch (SQLException e) {
            throw new SchemaFailure(
                "foreign key "
                    + fk.objectName()
                    + " does not hold on the target: "
                    + e.getMessage(),
                e);
          }
          validated.add(fk.objectName());
        }
      }
    } catch (SQLException e) {
      throw new SchemaFailure("cannot validate foreign keys: " + e.getMessage(), e);
    }
    return validated;
  }

  private List<SkippedObject> unsupported(Catalog catalog, SchemaPlan plan) {
    List<SkippedObject> out = new ArrayList<>();
    for (SkippedObject skipped : catalog.skipped()) {
      if (selection.selectsSchema(skipped.schema())) {
        out.add(skipped);
      }
    }
    out.addAll(plan.skipped());
    return out;
  }

  /**
   * Fails, before anything is created, when an owner or grantee of the phase's objects does not
   * exist on the target server.
   */
  private void requireRoles(SchemaPlan plan, Phase phase, ObjectAccess access) {
    List<SchemaObject> objects =
        plan.objects().stream().filter(o -> phase.includes(o.kind().section())).toList();
    try (Connection admin = Connections.open(options.target().withDatabase("postgres"), "target")) {
      RoleCheck.requireRoles(admin, sourceAccess.rolesNamed(objects, access));
    } catch (SQLException e) {
      throw new SchemaFailure("cannot close the target connection: " + e.getMessage(), e);
    }
  }

  /** The source catalog, with owners and privileges added when they are carried. */
  private record SourceRead(Catalog catalog, ObjectAccess access) {}

  private SourceRead readSource(boolean deferForeignKeys) {
    try (Connection source = Connections.open(options.source(), "source")) {
      Catalog catalog =
          new CatalogReader(source, new TargetNames(mapping), deferForeignKeys).read();
      if (!sourceAccess.active()) {
        return new SourceRead(catalog, ObjectAccess.NONE);
      }
      ObjectAccess access = ObjectAccess.read(source);
      return new SourceRead(sourceAccess.plan(catalog, access), access);
    } catch (SQLException e) {
      throw new SchemaFailure("cannot close the source connection: " + e.getMessage(), e);
    }
  }

  /** The target's catalog as it is; empty when the target database does not exist yet. */
  private Catalog targetCatalog() {
    PgUri target = options.target();
    try (Connection admin = Connections.open(target.withDatabase("postgres"), "target")) {
      if (!TargetDatabase.exists(admin, target.database())) {
        return Catalog.empty();
      }
    } catch (SQLException e) {
      throw new SchemaFailure("cannot check the target database: " + e.getMessage(), e);
    }
    try (Connection connection = Connections.open(target, "target")) {
      Catalog catalog = new CatalogReader(connection, TargetNames.identity(), false).read();
      return targetAccess.active()
          ? targetAccess.plan(catalog, ObjectAccess.read(connection))
          : catalog;
    } catch (SQLException e) {
      throw new SchemaFailure("cannot close the target connection: " + e.getMessage(), e);
    }
  }
}
