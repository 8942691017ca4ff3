package io.pgcarry.migrate;

import io.pgcarry.common.MigrationName;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import io.pgcarry.common.TableSelection;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.stream.PositionTable;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one migration moves: one source database, one target database. A run over several databases
 * ({@link MigrationRun}) has one per database, each with its own name, so its own slot,
 * publication, connectors and topics; where they run is the run's ({@link RunSettings}).
 *
 * @param name the migration's name ({@link MigrationName}); it names the Kafka topics, connectors,
 *     slot and publication
 * @param source the source database
 * @param target the target database (created when missing)
 * @param includes table patterns to migrate ({@code schema.table} globs); empty means all
 * @param excludes table patterns to leave out
 * @param mapping the target names of source schemas, tables and columns, and the columns carried
 */
public record MigrationSpec(
    String name,
    PgUri source,
    PgUri target,
    List<String> includes,
    List<String> excludes,
    NameMapping mapping) {

  /**
   * @throws IllegalArgumentException when the name is not a usable migration name
   */
  public MigrationSpec {
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
    Objects.requireNonNull(mapping, "mapping");
    new MigrationName(name);
  }

  /** The same migration of another database of the servers, under another name. */
  public MigrationSpec forDatabase(MigrationName other, String sourceDatabase) {
    return new MigrationSpec(
        other.value(),
        source.withDatabase(sourceDatabase),
        target.withDatabase(mapping.database(sourceDatabase)),
        includes,
        excludes,
        mapping);
  }

  /** The table selection, by source names. */
  public TableSelection selection() {
    return new TableSelection(includes, excludes);
  }

  /** The name, checked. */
  public MigrationName migrationName() {
    return new MigrationName(name);
  }

  /** The replication slot on the source. */
  public String slotName() {
    return migrationName().slotName();
  }

  /** The publication on the source. */
  public String publicationName() {
    return migrationName().publicationName();
  }

  /** The table on the target where the sink keeps its applied positions. */
  public TableId positionTable() {
    return PositionTable.DEFAULT;
  }

  public String sourceConnectorName() {
    return "pgcarry-" + name + "-source";
  }

  public String sinkConnectorName() {
    return "pgcarry-" + name + "-sink";
  }

  /** Kafka topic prefix of the change topics: {@code name.schema.table}. */
  public String topicPrefix() {
    return name;
  }

  /** The regular expression matching every change topic of this migration. */
  public String topicRegex() {
    return Pattern.quote(name + ".") + ".+";
  }
}
