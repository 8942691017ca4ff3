package io.pgcarry.precheck;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import java.sql.Connection;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What every check may look at: the two servers and the tables to migrate. The connections are
 * owned by {@link Precheck}; checks must not close them or change server state.
 *
 * @param sourceUri where the source is
 * @param targetUri where the target database is (it may not exist yet)
 * @param source connection to the source database, or null when it could not be opened
 * @param sourceInfo facts about the source, or null when {@code source} is null
 * @param target connection to the target database, or to its maintenance database when {@code
 *     targetDatabaseExists} is false, or null when neither could be opened
 * @param targetInfo facts about the target, or null when {@code target} is null
 * @param targetDatabaseExists whether the target database already exists
 * @param tables the source tables selected for migration, sorted
 * @param settings slot and publication names and thresholds
 */
record CheckContext(
    PgUri sourceUri,
    PgUri targetUri,
    Connection source,
    ServerInfo sourceInfo,
    Connection target,
    ServerInfo targetInfo,
    boolean targetDatabaseExists,
    SortedSet<TableId> tables,
    PrecheckSettings settings) {

  public CheckContext {
    tables = Collections.unmodifiableSortedSet(new TreeSet<>(tables));
  }

  /** Whether a source table is one of the tables to migrate. */
  public boolean migrates(TableId table) {
    return tables.contains(table);
  }

  /** The target name of a source table. */
  public TableId targetOf(TableId source) {
    return settings.mapping().table(source);
  }

  /** The source table a migrated table of the target comes from, if it is one. */
  public Optional<TableId> sourceOf(TableId target) {
    return tables.stream().filter(t -> targetOf(t).equals(target)).findFirst();
  }

  /** The schemas of the tables to migrate, sorted. */
  public Set<String> schemas() {
    Set<String> schemas = new TreeSet<>();
    tables.forEach(t -> schemas.add(t.schema()));
    return schemas;
  }
}
