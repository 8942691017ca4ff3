package io.pgcarry.migrate;

import io.pgcarry.common.MigrationName;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of {@code pgcarry migrate}: the databases it moves (one, or several of one source
 * server), and how. Its databases share the run's work directory, Kafka broker and Connect worker;
 * each has its own slot, publication, pair of connectors and topics. Immutable.
 *
 * @param name the run's name, which names its work directory ({@link MigrationName})
 * @param settings where the run works: its work directory and its Kafka and Connect cluster
 * @param databases one migration per database, in order; a single-database run's has the run's name
 * @param streaming whether changes stream after the full load until a cutover; without, the slot is
 *     dropped as soon as the load is on the target and the run ends with a verify
 * @param keepBookkeeping whether the target keeps pgcarry's position table after the run
 * @param severalDatabases whether the run was asked for several databases (or all), so that its
 *     tables are shown with their database
 * @param ddl whether DDL on the source is captured while streaming ({@link DdlCapture})
 * @param snapshotBytesPerSecond the most bytes per second the full load reads from each source
 *     database, 0 for no limit
 */
public record MigrationRun(
    String name,
    RunSettings settings,
    List<MigrationSpec> databases,
    boolean streaming,
    boolean keepBookkeeping,
    boolean severalDatabases,
    DdlOptions ddl,
    long snapshotBytesPerSecond) {

  /**
   * @throws IllegalArgumentException when the name is not usable or there is no database
   */
  public MigrationRun {
    new MigrationName(name);
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(ddl, "ddl");
    if (snapshotBytesPerSecond < 0) {
      throw new IllegalArgumentException("a read rate cannot be negative");
    }
    databases = List.copyOf(databases);
    if (databases.isEmpty()) {
      throw new IllegalArgumentException("migration " + name + " has no database to migrate");
    }
  }

  /** A streaming run of one database, under the database migration's name. */
  public static MigrationRun of(MigrationSpec spec, RunSettings settings) {
    return new MigrationRun(
        spec.name(), settings, List.of(spec), true, false, false, DdlOptions.NONE, 0);
  }

  /**
   * A run over several databases of the source server of {@code template}: each migrates under its
   * own name ({@link MigrationName#perDatabase}) into the target database the mapping names.
   */
  public static MigrationRun ofDatabases(
      MigrationSpec template,
      RunSettings settings,
      List<String> sourceDatabases,
      boolean streaming,
      boolean keepBookkeeping) {
    List<MigrationName> names = template.migrationName().perDatabase(sourceDatabases);
    List<MigrationSpec> specs = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      specs.add(template.forDatabase(names.get(i), sourceDatabases.get(i)));
    }
    return new MigrationRun(
        template.name(), settings, specs, streaming, keepBookkeeping, true, DdlOptions.NONE, 0);
  }

  /** This run with other options. */
  public MigrationRun with(boolean streaming, boolean keepBookkeeping) {
    return new MigrationRun(
        name,
        settings,
        databases,
        streaming,
        keepBookkeeping,
        severalDatabases,
        ddl,
        snapshotBytesPerSecond);
  }

  /** This run with other DDL options. */
  public MigrationRun with(DdlOptions options) {
    return new MigrationRun(
        name,
        settings,
        databases,
        streaming,
        keepBookkeeping,
        severalDatabases,
        options,
        snapshotBytesPerSecond);
  }

  /** This run with the full load's read rate limited, or not (0). */
  public MigrationRun withSnapshotRate(long bytesPerSecond) {
    return new MigrationRun(
        name,
        settings,
        databases,
        streaming,
        keepBookkeeping,
        severalDatabases,
        ddl,
        bytesPerSecond);
  }

  /** The DDL capture of one of the run's databases, when the run captures DDL. */
  Optional<DdlCapture> ddlCapture(MigrationSpec database) {
    return ddl.capture() && streaming
        ? Optional.of(DdlCapture.of(database, ddl.setReplicaIdentity(), ddl.skip()))
        : Optional.empty();
  }

  /** The name a database's tables are shown under in status and progress: its own, or none. */
  String label(MigrationSpec database) {
    return severalDatabases ? database.source().database() + ": " : "";
  }
}
