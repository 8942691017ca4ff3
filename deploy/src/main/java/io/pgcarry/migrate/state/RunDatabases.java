package io.pgcarry.migrate.state;

import io.pgcarry.migrate.MigrationRun;
import java.util.List;

/**
 * Which databases a run migrates, under which names: written to the work directory when the run
 * first starts, so that a resumed run takes the same databases and {@code pgcarry cleanup} finds
 * each database's slot and publication. Immutable.
 *
 * @param databases one entry per database, in order
 */
public record RunDatabases(List<Entry> databases) {

  public RunDatabases {
    databases = List.copyOf(databases);
  }

  /**
   * One database of a run.
   *
   * @param name its migration's name ({@link io.pgcarry.common.MigrationName})
   * @param source the source database
   * @param target the target database
   */
  public record Entry(String name, String source, String target) {}

  /** The databases of a run. */
  public static RunDatabases of(MigrationRun run) {
    return new RunDatabases(
        run.databases().stream()
            .map(d -> new Entry(d.name(), d.source().database(), d.target().database()))
            .toList());
  }
}
